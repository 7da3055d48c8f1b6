"""Filters the composer's templates use to phrase lists and dates in their language."""

from django import template

from concilium.outcomes.composer import language

register = template.Library()


@register.filter
def names(items, lang):
    """A list of names joined as the language joins them: "A, B and C", "A、B和C"."""
    return language.join_names(list(items or []), lang)


@register.filter
def lcfirst(text):
    return language.lcfirst(str(text or ""))


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
