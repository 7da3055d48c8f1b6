"""What a composed text takes from the charter beyond the registry's rows: place names per
language (`[places]`) and the titles officials bear (`title` on an `[[officials]]` entry:
"President" where the office is "Head of State").

Both are optional keys of the charter (docs/charter.md); the charter this installation was
set up from is read once per version.
"""

from __future__ import annotations

import tomllib

from concilium.organization.selectors import PerCharterVersion


def _parse(text: str) -> dict:
    data = tomllib.loads(text)
    places: dict[str, dict[str, str]] = {}
    for key, names in (data.get("places") or {}).items():
        if isinstance(names, dict):
            entry = {lang: str(v) for lang, v in names.items()}
            for name in {key, *entry.values()}:
                places[name] = entry
    titles = {}
    for t in data.get("officials") or []:
        name = (t.get("name") or {}).get("en")
        if name and isinstance(t.get("title"), dict):
            titles[(name, t.get("office", ""))] = {k: str(v) for k, v in t["title"].items()}
    spelled = {t["slug"]: tuple(t.get("spell_out") or ()) for t in data.get("organizations") or []
               if t.get("slug") and t.get("spell_out")}
    return {"places": places, "titles": titles, "spelled": spelled}


_extras = PerCharterVersion(lambda text, source: _parse(text))


def charter_extras() -> dict:
    """{"places": name -> {lang: name}, "titles": (English name, office) -> {lang: title},
    "spelled": partner slug -> languages whose texts spell its name out}."""
    return _extras() or {"places": {}, "titles": {}, "spelled": {}}


def place_name(names: dict[str, str] | None, lang: str, extras: dict) -> str:
    """A city in `lang`: the meeting record's own name in it, else the charter's `[places]`,
    else the name as recorded."""
    names = names or {}
    if names.get(lang):
        return names[lang]
    for recorded in names.values():
        entry = extras.get("places", {}).get(recorded)
        if entry and entry.get(lang):
            return entry[lang]
    return next(iter(names.values()), "")


def official_title(official, lang: str, extras: dict) -> str:
    """The official's title in `lang` ("President"), else the office's name."""
    title = extras.get("titles", {}).get((official.name("en"), official.office.slug), {})
    return title.get(lang) or official.office.name(lang)


def partner_name(partner, lang: str, extras: dict) -> str:
    """A partner organization as running text names it: its short name, or its full name
    where the charter says the texts spell it out (`spell_out = ["en"]`)."""
    if lang in extras.get("spelled", {}).get(partner.slug, ()):
        name = partner.name(lang)
        return f"the {name}" if lang == "en" else name
    return partner.short(lang)
