# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..core import archive
from ..formatting import format_local_datetime
from .dra_import_queue_line import QUEUE_STATES

#: Entries checked or taken over in one request of the browser.
CHUNK_SIZE = 5


class DraImportQueue(models.Model):
    """Many DRA files at once: one upload (several files or a zip) of a user.

    Each file is an entry (:class:`DraImportQueueLine`), checked on arrival
    with the takeover assistant's own code; the unambiguous ones are taken
    over together ("Alle eindeutigen übernehmen"), the others wait for the
    assistant.
    """

    _name = "dra.import.queue"
    _description = "DRA Import Queue"
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self._default_name())
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", string="Imported By", readonly=True, default=lambda self: self.env.user
    )
    line_ids = fields.One2many("dra.import.queue.line", "queue_id", string="Files")
    line_count = fields.Integer(string="Number of Files", compute="_compute_counts")
    waiting_count = fields.Integer(string="Waiting", compute="_compute_counts")
    ready_count = fields.Integer(string="Unambiguous", compute="_compute_counts")
    assistant_count = fields.Integer(string="For the Assistant", compute="_compute_counts")
    done_count = fields.Integer(string="Taken Over", compute="_compute_counts")
    refused_count = fields.Integer(string="Refused", compute="_compute_counts")
    max_file_size = fields.Integer(
        compute="_compute_max_file_size", help="Largest file (DRA file or zip) accepted, in bytes."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.model
    def _default_name(self):
        return _("Import of %s", format_local_datetime(self.env, fields.Datetime.now()))

    @api.depends("line_ids.state")
    def _compute_counts(self):
        counts = {
            (queue.id, state): count
            for queue, state, count in self.env["dra.import.queue.line"]._read_group(
                [("queue_id", "in", self.ids)], ["queue_id", "state"], ["__count"]
            )
        }
        for queue in self:
            queue.line_count = sum(counts.get((queue.id, state), 0) for state, _l in QUEUE_STATES)
            for state, _label in QUEUE_STATES:
                queue[f"{state}_count"] = counts.get((queue.id, state), 0)

    def _compute_max_file_size(self):
        self.max_file_size = self.env["dra.import.wizard"]._max_file_size()

    # ------------------------------------------------------------------
    # Files arriving
    # ------------------------------------------------------------------

    def _add_files(self, uploads):
        """Queue uploaded files: ``uploads`` are ``(name, file object)``.

        A zip is opened and each of its .xml members queued; the members left
        out, and an archive refused as a whole, are queued as refused
        entries with their reason. Returns the new entries (waiting or
        refused); nothing is checked yet.
        """
        self.ensure_one()
        self.check_access("write")
        Wizard = self.env["dra.import.wizard"]
        max_size = Wizard._max_file_size()
        Line = self.env["dra.import.queue.line"].sudo()
        lines = Line
        for name, stream in uploads:
            stream.seek(0, 2)
            size = stream.tell()
            stream.seek(0)
            head = stream.read(4)
            stream.seek(0)
            if size > max_size:
                lines |= Line._refused(self, name, Wizard._too_large_message())
            elif archive.is_zip(name, head):
                lines |= self._add_zip(name, stream, max_size)
            else:
                lines |= Line._waiting(self, name, stream.read())
        return lines

    def _add_zip(self, name, stream, max_size):
        Line = self.env["dra.import.queue.line"].sudo()
        lines = Line
        try:
            for member in archive.read_zip(stream, max_member_size=max_size):
                if isinstance(member, archive.SkippedMember):
                    lines |= Line._refused(self, member.name, self._skipped_text(member, name))
                else:
                    lines |= Line._waiting(self, member.name, member.data)
        except archive.ArchiveError as error:
            lines |= Line._refused(self, name, self._archive_error_text(error, name))
        return lines

    def _archive_error_text(self, error, archive_name):
        details = error.details
        if error.code == "too_many_members":
            return _(
                "The zip archive %(archive)s has %(count)s entries; at most %(limit)s are "
                "accepted. Nothing of it was unpacked.",
                archive=archive_name,
                count=details.get("count"),
                limit=details.get("limit"),
            )
        if error.code == "too_large":
            return _(
                "The files in the zip archive %(archive)s would take %(size)s MB when "
                "unpacked; at most %(limit)s MB are accepted. Nothing of it was unpacked.",
                archive=archive_name,
                size=details.get("size", 0) // (1024 * 1024),
                limit=details.get("limit", 0) // (1024 * 1024),
            )
        return _("The file %s is not a readable zip archive.", archive_name)

    def _skipped_text(self, member, archive_name):
        reason = member.reason
        if reason == "too_large":
            return self.env["dra.import.wizard"]._too_large_message()
        if reason == "unsafe_name":
            return _(
                "The zip archive %s names this file outside its folder: it is not read.",
                archive_name,
            )
        if reason == "encrypted":
            return _("The file is encrypted in the zip archive %s: it is not read.", archive_name)
        if reason == "damaged":
            return _("The file is damaged in the zip archive %s: it cannot be read.", archive_name)
        return _(
            "Not a DRA file: only the .xml files of the zip archive %s are read.", archive_name
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _lines_in(self, state, line_ids=None):
        self.ensure_one()
        domain = [("queue_id", "=", self.id), ("state", "=", state)]
        if line_ids is not None:
            domain.append(("id", "in", line_ids))
        return self.env["dra.import.queue.line"].search(domain, order="sequence, id")

    def check_waiting(self, limit=CHUNK_SIZE):
        """Check up to ``limit`` waiting entries (the browser calls this until
        none waits, to show the progress). Returns the counts."""
        self.ensure_one()
        self.check_access("write")
        self._lines_in("waiting")[:limit]._check()
        return self._progress()

    def ready_line_ids(self):
        """Ids of the entries that can be taken over without a decision."""
        self.ensure_one()
        return self._lines_in("ready").ids

    def take_over_lines(self, line_ids):
        """Take over the given unambiguous entries (a chunk of the browser's
        "Alle eindeutigen übernehmen"), each in its own savepoint."""
        self.ensure_one()
        self.check_access("write")
        if len(line_ids) > 10 * CHUNK_SIZE:
            raise UserError(_("Take over at most %s files in one request.", 10 * CHUNK_SIZE))
        self._lines_in("ready", line_ids)._take_over()
        return self._progress()

    def action_check_all(self):
        """Check every waiting entry (without the browser's progress)."""
        self.ensure_one()
        self.check_access("write")
        self._lines_in("waiting")._check()

    def action_take_over_ready(self):
        """Alle eindeutigen übernehmen (without the browser's progress)."""
        self.ensure_one()
        self.check_access("write")
        self._lines_in("ready")._take_over()

    def _progress(self):
        self.invalidate_recordset(["line_ids"])
        return {
            "waiting": self.waiting_count,
            "ready": self.ready_count,
            "assistant": self.assistant_count,
            "done": self.done_count,
            "refused": self.refused_count,
        }
