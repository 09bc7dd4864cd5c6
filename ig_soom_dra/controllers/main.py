# Copyright 2026 IG SOOM DRA contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

#: Room for the multipart envelope around the file (boundaries, headers, token).
MULTIPART_ENVELOPE = 64 * 1024


class DraUploadController(http.Controller):
    """The upload of a DRA file into the takeover assistant, as a multipart stream."""

    def _max_upload_size(self):
        """The largest request accepted: a body above it is refused (HTTP 413)
        from its Content-Length, before it is parsed or stored (werkzeug reads
        and discards it; the browser checks the size before sending)."""
        return request.env["dra.import.wizard"]._max_file_size() + MULTIPART_ENVELOPE

    @http.route(
        "/ig_soom_dra/dra_upload",
        type="http",
        auth="user",
        methods=["POST"],
        max_content_length=_max_upload_size,
    )
    def dra_upload(self, ufile=None, **kwargs):
        """Store the uploaded DRA file as the user's attachment; answer its id and name.

        The size is checked on the spooled upload before it is read into
        memory. Errors answer ``{"error": <message in the user's language>}``.
        """
        Wizard = request.env["dra.import.wizard"]
        if not hasattr(ufile, "seek"):
            return request.make_json_response(
                {"error": request.env._("Choose a DRA file first.")}, status=400
            )
        ufile.seek(0, 2)
        size = ufile.tell()
        ufile.seek(0)
        if size > Wizard._max_file_size():
            return request.make_json_response({"error": Wizard._too_large_message()}, status=413)
        try:
            attachment = Wizard._store_upload(ufile.filename, ufile.read())
        except (UserError, AccessError) as error:
            return request.make_json_response({"error": error.args[0]}, status=403)
        return request.make_json_response(
            {"id": attachment.id, "name": attachment.name, "size": attachment.file_size}
        )

    @http.route(
        "/ig_soom_dra/dra_queue_upload",
        type="http",
        auth="user",
        methods=["POST"],
        max_content_length=_max_upload_size,
    )
    def dra_queue_upload(self, queue_id=None, **kwargs):
        """Queue uploaded DRA files (several ``ufile`` parts, or a zip) in an import queue.

        The request's size is limited as for one DRA file (the browser sends
        the files in groups below it). Answers the new entries' ids and the
        queue's counts, or ``{"error": <message>}``.
        """
        uploads = [
            (upload.filename, upload.stream)
            for upload in request.httprequest.files.getlist("ufile")
            if upload.filename
        ]
        try:
            queue = request.env["dra.import.queue"].browse(int(queue_id or 0)).exists()
        except ValueError:
            queue = None
        if not queue or not uploads:
            return request.make_json_response(
                {"error": request.env._("Choose the DRA files or a zip archive first.")},
                status=400,
            )
        try:
            lines = queue._add_files(uploads)
        except (UserError, AccessError) as error:
            return request.make_json_response({"error": error.args[0]}, status=403)
        return request.make_json_response({"ids": lines.ids, "progress": queue._progress()})
