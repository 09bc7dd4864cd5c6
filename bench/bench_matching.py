"""Benchmark of the address matching on noisy records against 100,000 contacts.

Generates 100,000 realistic German contacts (persons and companies with
legal forms; common and rare surnames, first names, streets in all their
spellings, postcodes, phones, mobiles, e-mail addresses; fixed seed), and
from them noisy parties as DRA files bring them: typos and blanks inside
surnames and streets, another first name of the same household, two
postcode digits transposed, no postcode; phones and e-mail kept for some.
Each party knows the contact it was made from.

For every party it runs what the address step runs and prints the figures:
top-1 and top-5 (the true contact first, among the first five offered),
wrong greens (auto-assigned to another contact) and milliseconds per party.
Targets: top-5 at least 97 %, no wrong green, at most 5 ms per party (mean).

* ``--database NAME``: the real path, on an Odoo database with ig_soom_dra
  installed. The contacts are inserted and committed (deleted again at the
  end), then, as the admin user (record rules apply), each party is a line
  of a takeover assistant and ``dra.import.party._match_result`` is timed:
  the ORM candidate search on the database, then the core's scoring.
* without it: the core alone, every party ranked against all contacts in
  one :class:`CandidateIndex` (the index built outside the timed calls).

Usage::

    python3 bench/bench_matching.py [--contacts 100000] [--parties 2000]
    python3 bench/bench_matching.py --database NAME [--db-host localhost]
        [--db-user USER] [--db-password PASSWORD] [--data-dir DIR]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import conftest  # noqa: E402,F401  (registers the ig_soom_dra package without Odoo)

from ig_soom_dra.core.matching import (  # noqa: E402
    Candidate,
    CandidateIndex,
    PartyData,
    Status,
    contact_keys,
    name_tokens,
    normalize_house_number,
    normalize_street,
    normalize_zip,
    phone_key,
    split_street,
)

TARGET_TOP5 = 0.97
TARGET_MS = 5.0
#: Candidates offered to the user, as the address step shows them.
SHOWN = 10
SEED = 20260518
PARTY_SEED = 20261202
#: A workshop's customers live mostly around it: this share of the contacts
#: has one of the workshop's home postcodes (the first one alone a quarter).
HOME_ZIPS = ["89346", "89346", "89346", "89081", "89231", "89340", "89343", "89407"]
HOME_SHARE = 0.6

COMMON_SURNAMES = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brandt",
    "Haas",
    "Schreiber",
    "Graf",
    "Schulte",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Kühn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Thomas",
    "Voigt",
    "Sauer",
    "Arnold",
    "Wolff",
    "Pfeiffer",
]
SURNAME_STARTS = [
    "Alt",
    "Bach",
    "Berg",
    "Birk",
    "Brück",
    "Busch",
    "Dorn",
    "Eich",
    "Eisen",
    "Feld",
    "Fried",
    "Gold",
    "Grün",
    "Hage",
    "Hasel",
    "Heim",
    "Hell",
    "Hirsch",
    "Hoch",
    "Holz",
    "Kalk",
    "Kirch",
    "Kling",
    "Lamp",
    "Lieb",
    "Linde",
    "Mahl",
    "Moos",
    "Nuss",
    "Ober",
    "Pfaff",
    "Rein",
    "Ring",
    "Rosen",
    "Sand",
    "Schön",
    "Silber",
    "Sonn",
    "Stahl",
    "Stock",
    "Tann",
    "Unter",
    "Wald",
    "Wein",
    "West",
    "Wies",
    "Zell",
]
SURNAME_ENDS = [
    "bach",
    "berg",
    "berger",
    "brand",
    "brecht",
    "bühler",
    "dorf",
    "eder",
    "feld",
    "felder",
    "hammer",
    "hardt",
    "hausen",
    "hofer",
    "huber",
    "inger",
    "kamp",
    "kötter",
    "lechner",
    "mann",
    "maier",
    "meister",
    "müller",
    "ner",
    "reiter",
    "ried",
    "schmid",
    "stätter",
    "thaler",
    "wald",
    "wanger",
    "weiler",
]
FIRST_NAMES = [
    "Anna",
    "Peter",
    "Michael",
    "Thomas",
    "Andreas",
    "Stefan",
    "Sabine",
    "Monika",
    "Gertrud",
    "Ursula",
    "Klaus",
    "Jürgen",
    "Petra",
    "Claudia",
    "Frank",
    "Markus",
    "Christian",
    "Wolfgang",
    "Susanne",
    "Andrea",
    "Birgit",
    "Karin",
    "Heike",
    "Martina",
    "Uwe",
    "Bernd",
    "Dieter",
    "Manfred",
    "Hans-Peter",
    "Karl-Heinz",
    "Lukas",
    "Leon",
    "Finn",
    "Jonas",
    "Paul",
    "Ben",
    "Elias",
    "Noah",
    "Emma",
    "Mia",
    "Hannah",
    "Sophie",
    "Lea",
    "Lena",
    "Marie",
    "Laura",
    "Julia",
    "Sarah",
    "Lisa",
    "Katharina",
    "Özlem",
    "Mehmet",
    "Ayşe",
    "Zoë",
    "René",
    "José",
    "Michaela",
    "Justin",
    "Jörg",
    "Günter",
]
STREET_BASES = [
    "Haupt",
    "Bahnhof",
    "Schiller",
    "Goethe",
    "Garten",
    "Kirch",
    "Schul",
    "Berg",
    "Wald",
    "Ring",
    "Linden",
    "Rotebühl",
    "Schilling",
    "Mozart",
    "Beethoven",
    "Friedrich-Ebert-",
    "Kant",
    "Wilhelm",
    "Jahn",
    "Post",
    "Mühlen",
    "Brunnen",
    "Feld",
    "Industrie",
    "Dorf",
    "Wiesen",
    "Blumen",
    "Rosen",
    "Tulpen",
    "Eichen",
    "Birken",
    "Buchen",
    "Ahorn",
    "Sonnen",
    "Sankt-Martin-",
]
STREET_KINDS = ["straße", "str.", "strasse", "weg", "allee", "platz", "ring", "gasse"]
STREET_FIXED = ["Am Markt", "Straße des 17. Juni", "Berliner Straße", "Münchner Str.", "Im Winkel"]
CITIES = [
    "Stuttgart",
    "München",
    "Hamburg",
    "Frankfurt am Main",
    "Köln",
    "Dresden",
    "Leipzig",
    "Nürnberg",
    "Ulm",
    "Karlsruhe",
    "Augsburg",
    "Bibertal",
]
COMPANY_PATTERNS = [
    "Autohaus {surname} GmbH",
    "{surname} Karosseriebau GmbH & Co. KG",
    "{surname} & {other} GbR",
    "{surname} Lackiererei e.K.",
    "{surname} Versicherungsmakler GmbH",
    "Kfz-Gutachterbüro {surname}",
    "{surname} Transporte UG (haftungsbeschränkt)",
    "{surname} Immobilien AG",
    "{surname} Abschleppdienst OHG",
    "Sachverständigenbüro {surname} & Partner mbB",
]
FIXED_COMPANIES = [
    "Innovation Group AG",
    "Test Versicherung",
    "Allianz Versicherungs-AG",
    "HUK-COBURG Versicherungsgruppe",
    "LeasePlan Deutschland GmbH",
    "Volksbank Ulm eG",
    "Eurogarant AutoService AG",
]
LEGAL_FORMS = ["GmbH", "AG", "KG", "e.K.", "GmbH & Co. KG", "UG (haftungsbeschränkt)", "SE"]


def _surname(rng, rare_surnames):
    if rng.random() < 0.55:
        return rng.choices(COMMON_SURNAMES, weights=COMMON_WEIGHTS)[0]
    return rng.choice(rare_surnames)


COMMON_WEIGHTS = [1.0 / (rank + 1) ** 0.8 for rank in range(len(COMMON_SURNAMES))]


def _street(rng):
    if rng.random() < 0.08:
        street = rng.choice(STREET_FIXED)
    else:
        base = rng.choice(STREET_BASES)
        kind = rng.choice(STREET_KINDS)
        street = f"{base}{kind}" if rng.random() < 0.8 else f"{base.rstrip('-')} {kind.title()}"
    number = str(rng.randint(1, 180))
    if rng.random() < 0.1:
        number += rng.choice(["a", "b", " a", "/1"])
    return f"{street} {number}"


def _phone(rng):
    area = rng.choice(["0711", "089", "040", "069", "0731", "0221", "0351", "030"])
    number = str(rng.randint(100000, 9999999))
    return rng.choice(
        [
            f"{area} {number}",
            f"{area}/{number}",
            f"+49 {area[1:]} {number}",
            f"({area}) {number}",
            f"{area}-{number[:3]}-{number[3:]}",
        ]
    )


def _mobile(rng):
    network = rng.choice(["151", "152", "160", "162", "170", "171", "176"])
    return f"0{network}-{rng.randint(1000000, 9999999)}"


def generate_contacts(count, seed=SEED):
    """Return ``count`` realistic German contacts as candidates (fixed seed)."""
    rng = random.Random(seed)
    rare_surnames = [start + end for start in SURNAME_STARTS for end in SURNAME_ENDS]
    zips = sorted({f"{rng.randint(1067, 99998):05d}" for _index in range(3000)})
    contacts = []
    for contact_id in range(1, count + 1):
        zip_code = rng.choice(HOME_ZIPS) if rng.random() < HOME_SHARE else rng.choice(zips)
        city = rng.choice(CITIES)
        phones = []
        if rng.random() < 0.7:
            phones.append(_phone(rng))
        if rng.random() < 0.4:
            phones.append(_mobile(rng))
        if rng.random() < 0.2:
            company = rng.random() < 0.3 and rng.choice(FIXED_COMPANIES)
            if not company:
                pattern = rng.choice(COMPANY_PATTERNS)
                company = pattern.format(
                    surname=_surname(rng, rare_surnames), other=_surname(rng, rare_surnames)
                )
            name, is_company = company, True
        else:
            first = rng.choice(FIRST_NAMES)
            title = "Dr. " if rng.random() < 0.03 else ""
            name, is_company = f"{title}{first} {_surname(rng, rare_surnames)}", False
        contacts.append(
            Candidate(
                id=contact_id,
                name=name,
                street=_street(rng),
                zip=zip_code,
                city=city,
                phones=tuple(phones),
                faxes=(_phone(rng),) if is_company and rng.random() < 0.5 else (),
                email=f"kontakt{contact_id}@example.org" if rng.random() < 0.3 else None,
                is_company=is_company,
            )
        )
    return contacts


# ---------------------------------------------------------------------------
# Noisy parties
# ---------------------------------------------------------------------------

NOISE_KINDS = (
    "surname typo",
    "surname blank",
    "street typo",
    "street blank",
    "household first name",
    "postcode transposed",
    "no postcode",
)
#: How many kinds of noise one party gets (1, 2 or 3), and how often.
NOISE_COUNTS, NOISE_COUNT_WEIGHTS = (1, 2, 3), (0.5, 0.35, 0.15)
#: Chance that a phone number or the e-mail address of the contact is in the file.
PHONE_KEPT, EMAIL_KEPT = 0.4, 0.5
LETTERS = "abcdefghijklmnopqrstuvwxyzäöü"


def _typo(rng, word):
    """One typing error inside a word: a letter replaced, dropped or added,
    or two neighbouring letters swapped (never the first letter)."""
    for _attempt in range(20):
        position = rng.randrange(1, max(2, len(word)))
        kind = rng.choice(("replace", "drop", "add", "swap"))
        if kind == "replace":
            typo = word[:position] + rng.choice(LETTERS) + word[position + 1 :]
        elif kind == "drop" and len(word) > 3:
            typo = word[:position] + word[position + 1 :]
        elif kind == "add":
            typo = word[:position] + rng.choice(LETTERS) + word[position:]
        elif position < len(word) - 1:
            typo = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
        else:
            continue
        if typo.casefold() != word.casefold():
            return typo
    return word + "e"


def _blank(rng, word):
    """A blank inside a word ("Muster kunde"); a typo in words too short for one."""
    if len(word) < 5:
        return _typo(rng, word)
    position = rng.randrange(2, len(word) - 2)
    return f"{word[:position]} {word[position:]}"


def _longest(words):
    return max(range(len(words)), key=lambda index: len(words[index]))


def _change_word(rng, text, change):
    """Apply ``change`` to the longest word of ``text``."""
    words = text.split()
    index = _longest(words)
    words[index] = change(rng, words[index])
    return " ".join(words)


def _transpose(rng, zip_code):
    """Two neighbouring, different digits of a postcode swapped."""
    positions = [i for i in range(len(zip_code) - 1) if zip_code[i] != zip_code[i + 1]]
    i = rng.choice(positions)
    return zip_code[:i] + zip_code[i + 1] + zip_code[i] + zip_code[i + 2 :]


def _person(contact):
    """(first name, surname) of a generated person, the title dropped."""
    words = contact.name.split()
    if words[0] == "Dr.":
        words = words[1:]
    return words[0], " ".join(words[1:])


def _identity(name, first_name, street, house_number, zip_code):
    tokens = name_tokens(PartyData(name=name, first_name=first_name))
    return (
        tuple(sorted(tokens)),
        normalize_zip(zip_code),
        normalize_street(street),
        normalize_house_number(house_number),
    )


def _contact_identities(contacts):
    identities = {}
    for contact in contacts:
        street, number = split_street(contact.street)
        key = _identity(contact.name, None, street, number, contact.zip)
        identities.setdefault(key, contact.id)
    return identities


def _noisy_party(rng, contact, kinds):
    if contact.is_company:
        first_name, name = None, contact.name
    else:
        first_name, name = _person(contact)
    street, number = split_street(contact.street)
    zip_code = contact.zip
    for kind in kinds:
        if kind == "surname typo":
            name = _change_word(rng, name, _typo)
        elif kind == "surname blank":
            name = _change_word(rng, name, _blank)
        elif kind == "street typo":
            street = _change_word(rng, street, _typo)
        elif kind == "street blank":
            street = _change_word(rng, street, _blank)
        elif kind == "household first name":
            first_name = rng.choice([other for other in FIRST_NAMES if other != first_name])
        elif kind == "postcode transposed":
            zip_code = _transpose(rng, zip_code)
        else:
            zip_code = None
    phones = tuple(phone for phone in contact.phones if rng.random() < PHONE_KEPT)
    email = contact.email if contact.email and rng.random() < EMAIL_KEPT else None
    return PartyData(
        name=name,
        first_name=first_name,
        street=street,
        house_number=number,
        zip=zip_code,
        city=contact.city,
        phones=phones,
        email=email,
        role="Kunde",
    )


def noisy_parties(contacts, count, seed=PARTY_SEED):
    """Return ``count`` noisy parties as ``(party, kinds, true contact id)``.

    Each is made from a random contact with one to three kinds of noise
    (never both postcode kinds; no household first name for a company). A
    party that came out identical to another contact (same name, postcode,
    street and house number) is that contact, not a noisy record of its
    own: it is drawn again.
    """
    rng = random.Random(seed)
    identities = _contact_identities(contacts)
    parties = []
    while len(parties) < count:
        contact = rng.choice(contacts)
        kinds = set(rng.sample(NOISE_KINDS, rng.choices(NOISE_COUNTS, NOISE_COUNT_WEIGHTS)[0]))
        if {"postcode transposed", "no postcode"} <= kinds:
            kinds.discard(rng.choice(["postcode transposed", "no postcode"]))
        if contact.is_company:
            kinds.discard("household first name")
        if not kinds:
            continue
        party = _noisy_party(rng, contact, sorted(kinds))
        key = _identity(party.name, party.first_name, party.street, party.house_number, party.zip)
        if identities.get(key, contact.id) != contact.id:
            continue
        parties.append((party, tuple(sorted(kinds)), contact.id))
    return parties


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def offered(result, ranked):
    """The contacts offered, in order, as the address step lists them: the
    same name and postcode first, then the ranked similar ones."""
    ids = [*result.same_name_ids, *(scored.candidate.id for scored in ranked)]
    return list(dict.fromkeys(ids))[:SHOWN]


def report(label, outcomes, timings):
    """Print the figures; True when the targets hold.

    ``outcomes``: per party ``(kinds, true id, status, proposed id, offered ids)``.
    """
    count = len(outcomes)
    top1 = sum(1 for _k, true, _s, _p, ids in outcomes if ids[:1] == [true])
    top5 = sum(1 for _k, true, _s, _p, ids in outcomes if true in ids[:5])
    greens = [(true, proposed) for _k, true, status, proposed, _i in outcomes if status == "green"]
    wrong = sum(1 for true, proposed in greens if proposed != true)
    mean = statistics.fmean(timings)
    p95 = sorted(timings)[int(0.95 * (len(timings) - 1))]
    print(f"\n{label}: {count} noisy parties, all with a name")
    print(f"  top-1 {top1 / count:7.2%}   top-5 {top5 / count:7.2%}")
    print(f"  greens {len(greens)}, wrong greens {wrong}")
    print(
        f"  ms per party: mean {mean:.2f}, median {statistics.median(timings):.2f}, "
        f"p95 {p95:.2f}, max {max(timings):.2f}"
    )
    print(f"  {'noise kind':<22} {'parties':>8} {'top-1':>8} {'top-5':>8}")
    for kind in NOISE_KINDS:
        mine = [outcome for outcome in outcomes if kind in outcome[0]]
        if mine:
            first = sum(1 for _k, true, _s, _p, ids in mine if ids[:1] == [true]) / len(mine)
            five = sum(1 for _k, true, _s, _p, ids in mine if true in ids[:5]) / len(mine)
            print(f"  {kind:<22} {len(mine):>8} {first:>8.1%} {five:>8.1%}")
    ok = top5 >= TARGET_TOP5 * count and wrong == 0 and mean <= TARGET_MS
    print(
        f"  targets: top-5 >= {TARGET_TOP5:.0%}, no wrong green, mean <= {TARGET_MS:.0f} ms: "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return ok


# ---------------------------------------------------------------------------
# The core alone
# ---------------------------------------------------------------------------


def run_core(contacts, parties):
    """Every party against all contacts held in one index."""
    start = time.perf_counter()
    index = CandidateIndex(contacts)
    print(f"{len(index):,} contacts indexed in {time.perf_counter() - start:.2f} s")
    outcomes, timings = [], []
    for party, kinds, true_id in parties:
        start = time.perf_counter()
        result = index.match(party)
        ranked = index.rank(party, limit=SHOWN)
        timings.append((time.perf_counter() - start) * 1000)
        proposed = result.candidate_id if result.status == Status.GREEN else None
        outcomes.append((kinds, true_id, result.status.value, proposed, offered(result, ranked)))
    return report("core alone (all contacts in memory)", outcomes, timings)


# ---------------------------------------------------------------------------
# The real path: the addon on a database
# ---------------------------------------------------------------------------

#: Marks the contacts the benchmark inserts (committed, then deleted again).
BENCH_REF = "ig_soom_dra_bench_matching"


def insert_contacts(cr, contacts, extra):
    """Insert the contacts with one SQL statement per 10,000 (the ORM would
    take minutes). The stored search keys are computed by the functions the
    addon's computes call; ``email_normalized`` is filled as mail computes
    it for a plain address; ``extra`` holds the values of columns other
    modules made NOT NULL."""
    columns = [
        "ref",
        "dra_name_zip_key",
        "dra_name_first_key",
        "dra_address_key",
        "dra_street_key",
        "dra_zip_number_key",
        "dra_phone_key",
        "dra_mobile_key",
        "name",
        "complete_name",
        "is_company",
        "street",
        "zip",
        "city",
        "phone",
        "mobile",
        "email",
        "email_normalized",
        "active",
        "type",
        "create_date",
        "write_date",
        *extra,
    ]
    rows = []
    for contact in contacts:
        mobiles = [phone for phone in contact.phones if phone.startswith("01")]
        landlines = [phone for phone in contact.phones if phone not in mobiles]
        email = contact.email
        keys = contact_keys(contact.name, contact.street, contact.zip, company=contact.is_company)
        rows.append(
            (
                BENCH_REF,
                keys.name_zip,
                keys.name_first,
                keys.address,
                keys.street,
                keys.zip_number,
                phone_key(landlines[0] if landlines else None),
                phone_key(mobiles[0] if mobiles else None),
                contact.name,
                contact.name,
                contact.is_company,
                contact.street,
                contact.zip,
                contact.city,
                landlines[0] if landlines else None,
                mobiles[0] if mobiles else None,
                email,
                email.casefold() if email else None,
                True,
                "contact",
                *extra.values(),
            )
        )
    placeholders = "(" + ",".join(["%s"] * 20 + ["now()", "now()"] + ["%s"] * len(extra)) + ")"
    ids = {}
    for start in range(0, len(rows), 10000):
        chunk = rows[start : start + 10000]
        values = ",".join(cr.mogrify(placeholders, row).decode() for row in chunk)
        cr.execute(f"INSERT INTO res_partner ({', '.join(columns)}) VALUES {values} RETURNING id")
        for contact, (partner_id,) in zip(
            contacts[start : start + 10000], cr.fetchall(), strict=True
        ):
            ids[contact.id] = partner_id
    return ids


def update_keys(cr, contacts, ids):
    """Compute the search keys of kept contacts again (the key functions may have changed)."""
    rows = []
    for contact in contacts:
        keys = contact_keys(contact.name, contact.street, contact.zip, company=contact.is_company)
        rows.append(
            (
                ids[contact.id],
                keys.name_zip,
                keys.name_first,
                keys.address,
                keys.street,
                keys.zip_number,
            )
        )
    for start in range(0, len(rows), 10000):
        values = ",".join(
            cr.mogrify("(%s,%s,%s,%s,%s,%s)", row).decode() for row in rows[start : start + 10000]
        )
        cr.execute(
            f"""UPDATE res_partner p SET dra_name_zip_key = v.nz, dra_name_first_key = v.nf,
                       dra_address_key = v.ad, dra_street_key = v.st,
                       dra_zip_number_key = v.zn
                  FROM (VALUES {values}) AS v(id, nz, nf, ad, st, zn) WHERE p.id = v.id"""
        )


def show_failures(parties, outcomes, count, partner):
    """Print the first ``count`` parties whose contact was not among the first five."""
    shown = 0
    for (party, kinds, _true), (_k, true_id, status, _p, offered_ids) in zip(
        parties, outcomes, strict=True
    ):
        if shown >= count or true_id in offered_ids[:5]:
            continue
        shown += 1
        contact = partner(true_id)
        print(f"\n  MISS [{', '.join(kinds)}] {status}: {party}")
        print(f"    true: {contact.name!r} {contact.street!r} {contact.zip!r} (#{true_id})")
        for partner_id in offered_ids[:5]:
            other = partner(partner_id)
            print(f"    offered: {other.name!r} {other.street!r} {other.zip!r}")


def _line_values(wizard, sequence, party):
    return {
        "wizard_id": wizard.id,
        "sequence": sequence,
        "role": "Kunde",
        "given": True,
        "name": party.name,
        "first_name": party.first_name,
        "street": party.street,
        "house_number": party.house_number,
        "zip": party.zip,
        "city": party.city,
        "country_code": "DE",
        "phone": "; ".join(party.phones) or False,
        "email": party.email,
    }


def run_database(args, contacts, parties):
    """Every party through ``dra.import.party._match_result`` on the database."""
    # Odoo only here: the core alone runs without it
    from bench_takeover import addons_path, not_null_defaults, vacuum  # noqa: PLC0415

    import odoo  # noqa: PLC0415
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    options = ["--db_host", args.db_host, "--addons-path", addons_path()]
    for option, value in (
        ("--db_user", args.db_user),
        ("--db_password", args.db_password),
        ("--data-dir", args.data_dir),
    ):
        if value:
            options += [option, value]
    odoo.tools.config.parse_config(options)
    registry = odoo.modules.registry.Registry(args.database)
    start = time.perf_counter()
    with registry.cursor() as cr:
        cr.execute("SELECT id FROM res_partner WHERE ref = %s ORDER BY id", [BENCH_REF])
        kept = [partner_id for (partner_id,) in cr.fetchall()]
        if args.keep_contacts and len(kept) == len(contacts):
            ids = dict(zip((contact.id for contact in contacts), kept, strict=True))
            update_keys(cr, contacts, ids)
            print(f"{len(ids):,} contacts of an earlier run kept, keys updated", end="")
        else:
            cr.execute("DELETE FROM res_partner WHERE ref = %s", [BENCH_REF])
            ids = insert_contacts(cr, contacts, not_null_defaults(cr))
            print(f"{len(ids):,} contacts inserted", end="")
    vacuum(args.database)
    print(f" and vacuumed in {time.perf_counter() - start:.1f} s")
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env = env(user=env.ref("base.user_admin").id)
            cr.execute("SELECT count(*) FROM res_partner WHERE active")
            print(f"contacts in the database: {cr.fetchone()[0]:,} (active)")
            wizard = env["dra.import.wizard"].create({})
            lines = env["dra.import.party"].create(
                [
                    _line_values(wizard, sequence, party)
                    for sequence, (party, _kinds, _true) in enumerate(parties)
                ]
            )
            env.flush_all()
            outcomes, timings = [], []
            for line, (_party, kinds, true_id) in zip(lines, parties, strict=True):
                env["res.partner"].invalidate_model()
                start = time.perf_counter()
                result, shown, _scores = line._match_result()
                timings.append((time.perf_counter() - start) * 1000)
                proposed = result.candidate_id if result.status.value == "green" else None
                outcomes.append((kinds, ids[true_id], result.status.value, proposed, shown))
            ok = report(
                "addon on the database (ORM candidate search + core scoring)", outcomes, timings
            )
            show_failures(parties, outcomes, args.failures, env["res.partner"].browse)
            cr.rollback()
    finally:
        if not args.keep_contacts:
            with registry.cursor() as cr:
                cr.execute("DELETE FROM res_partner WHERE ref = %s", [BENCH_REF])
            vacuum(args.database)
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--parties", type=int, default=2000)
    parser.add_argument("--database", help="run the addon on this database")
    parser.add_argument("--db-host", default="localhost")
    parser.add_argument("--db-user")
    parser.add_argument("--db-password")
    parser.add_argument("--data-dir", help="Odoo's data directory (filestore)")
    parser.add_argument(
        "--keep-contacts",
        action="store_true",
        help="keep the contacts in the database for the next run (which updates their keys)",
    )
    parser.add_argument("--failures", type=int, default=0, help="print that many misses")
    args = parser.parse_args()

    start = time.perf_counter()
    contacts = generate_contacts(args.contacts)
    parties = noisy_parties(contacts, args.parties)
    print(
        f"{len(contacts):,} contacts and {len(parties):,} noisy parties generated "
        f"in {time.perf_counter() - start:.2f} s"
    )
    ok = run_database(args, contacts, parties) if args.database else run_core(contacts, parties)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
