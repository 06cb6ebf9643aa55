"""The areas of LLR, shared by every stage: the local areas, the area codes a newsletter may
carry, which local areas each covers, and which area a text names.

"leicester" is the city, "leicestershire" the county, "rutland" Rutland. A named town or
district beats the bare word "Leicester", which is often only a reference point ("Wigston,
near Leicester"); "Leicestershire" means the county.
"""

from __future__ import annotations

import re

LOCAL_AREAS = ("leicester", "leicestershire", "rutland")
# Area codes of newsletters and filters, and the local areas each one covers.
COVERS = {
    "leicester": ("leicester",),
    "leicestershire": ("leicestershire",),
    "rutland": ("rutland",),
    "leicestershire-and-rutland": ("leicestershire", "rutland"),
    "llr": LOCAL_AREAS,
}
AREA_CODES = tuple(COVERS)


def documents_covering(area: str) -> tuple[str, ...]:
    """The newsletter area codes whose newsletters cover `area` (a wider area covers each
    narrower one inside it): "rutland" -> rutland, leicestershire-and-rutland, llr."""
    wanted = set(COVERS.get(area, (area,)))
    return tuple(code for code, inside in COVERS.items() if wanted <= set(inside)) or (area,)


AREA_NAMES = {"leicester": "Leicester City", "leicestershire": "Leicestershire",
              "rutland": "Rutland"}

CITY = (
    "leicester city",
    "city of leicester",
    "highfields",
    "belgrave",
    "beaumont leys",
    "evington",
    "aylestone",
    "humberstone",
    "hamilton",
    "rushey mead",
    "saffron lane",
    "eyres monsell",
    "new parks",
    "netherhall",
    "thurnby lodge",
    "stoneygate",
    "knighton",
    "westcotes",
    "clarendon park",
    "spinney hills",
    "mowmacre",
    "stocking farm",
    "goodwood",
    "braunstone park",
    "st matthews",
    "st marks",
    "st peters estate",
    "west end leicester",
    "north evington",
    "leicester royal infirmary",
    "leicester general",
    "glenfield hospital",
    "de montfort university",
    "le1",
    "le2",
    "le3",
    "le4",
    "le5",
)
COUNTY = (
    "leicestershire",
    "loughborough",
    "hinckley",
    "melton mowbray",
    "melton",
    "market harborough",
    "harborough",
    "coalville",
    "lutterworth",
    "wigston",
    "oadby",
    "blaby",
    "ashby de la zouch",
    "ashby",
    "shepshed",
    "syston",
    "birstall",
    "enderby",
    "narborough",
    "glenfield",
    "braunstone town",
    "anstey",
    "thurmaston",
    "earl shilton",
    "barwell",
    "burbage",
    "ibstock",
    "castle donington",
    "kegworth",
    "broughton astley",
    "countesthorpe",
    "groby",
    "ratby",
    "quorn",
    "mountsorrel",
    "rothley",
    "sileby",
    "kibworth",
    "fleckney",
    "great glen",
    "hathern",
    "measham",
    "whetstone",
    "desford",
    "markfield",
    "bottesford",
    "asfordby",
    "charnwood",
    "north west leicestershire",
    "hinckley and bosworth",
    "market bosworth",
    "bosworth",
    "scraptoft",
    "thurnby",
    "bushby",
    "cosby",
    "sapcote",
    "stoney stanton",
    "kirby muxloe",
    "leicester forest east",
    "lubbenham",
    "husbands bosworth",
    "ullesthorpe",
    "gilmorton",
    "billesdon",
    "wymeswold",
    "barrow upon soar",
    "east goscote",
    "queniborough",
)
RUTLAND = (
    "rutland",
    "oakham",
    "uppingham",
    "ketton",
    "cottesmore",
    "empingham",
    "edith weston",
    "ryhall",
    "whissendine",
    "langham",
    "greetham",
    "market overton",
    "exton",
    "rutland water",
    "great casterton",
    "barrowden",
    "belton in rutland",
    "le15",
)


def _alternation(names: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(re.escape(n).replace(r"\ ", " ") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


_SPECIFIC = (
    ("rutland", _alternation(RUTLAND)),
    ("leicestershire", _alternation(COUNTY)),
    ("leicester", _alternation(CITY)),
)
_BARE_CITY = re.compile(r"(?<![a-z0-9])leicester(?![a-z0-9])")


def detect_area(normalised: str) -> str | None:
    """The area named in normalised text (lower case, single spaces), or None.

    When several specific places are named, the first one mentioned wins.
    """
    found = areas_named(normalised)
    return found[0] if found else None


def areas_named(normalised: str) -> list[str]:
    """Every area a normalised text names, first mentioned first (the bare word "Leicester"
    counts for the city only when no specific place is named)."""
    hits = sorted(
        (m.start(), area) for area, pattern in _SPECIFIC if (m := pattern.search(normalised))
    )
    if hits:
        return [area for _, area in hits]
    return ["leicester"] if _BARE_CITY.search(normalised) else []


def place_words() -> frozenset[str]:
    """Every word of every place name known here."""
    return frozenset(w for name in (*CITY, *COUNTY, *RUTLAND) for w in name.split())
