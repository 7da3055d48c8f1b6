"""Filters the composer's templates use to phrase lists, counts and case forms in their
language."""

from django import template
from django.utils.translation import ngettext

from concilium.outcomes.composer import language

register = template.Library()

#: Counted phrases, plural forms from each language's catalogue (ngettext): "1 document",
#: "21 проект документа", "5 проектов документов".
COUNTED = {
    "documents": ("%(count)d document", "%(count)d documents"),
    "drafts": ("%(count)d draft document", "%(count)d draft documents"),
    "final_drafts": ("%(count)d draft final document or decision",
                     "%(count)d draft final documents and decisions"),
}


@register.filter
def names(items, lang):
    """A list of names joined as the language joins them: "A, B and C", "A、B和C"."""
    return language.join_names(list(items or []), lang)


@register.filter
def counted(number, what):
    """`number` of `what` (a key of COUNTED) in the active language, plural chosen by it."""
    singular, plural = COUNTED[what]
    number = int(number or 0)
    return ngettext(singular, plural, number) % {"count": number}


@register.filter
def lcfirst(text):
    return language.lcfirst(str(text or ""))


@register.filter
def ru(name, case):
    """A Russian name phrase (body, state, city, office) in `case` ("gent", "loct", ...)."""
    return language.ru_case(str(name or ""), case)


@register.filter
def ru_each(names, case):
    """Each Russian name of a list in `case` (to be joined by `names`)."""
    return [language.ru_case(str(n), case) for n in names or []]


@register.filter
def ru_person(name, case):
    """A person's name in `case`: "Сергей Лавров"|ru_person:"gent" → "Сергея Лаврова"."""
    return language.ru_person(str(name or ""), case)


@register.filter
def ru_gen(name):
    return language.ru_genitive(str(name or ""))


@register.filter
def ru_loc(city):
    return language.ru_locative(str(city or ""))


@register.filter
def quoted(titles, lang):
    """Titles of documents as the language quotes them in running text (《...》 in Chinese)."""
    if lang == "zh":
        inner = str.maketrans("《》", "〈〉")
        return [f"《{t.translate(inner)}》" for t in titles]
    return list(titles)


@register.filter
def book_title(title):
    """One title in Chinese running text: 《...》, a title quoted inside it in 〈...〉."""
    return f"《{str(title or '').translate(str.maketrans('《》', '〈〉'))}》"
