"""Russian case forms of the registry's names, as a Russian reader expects them in the
composed texts' fixed sentences."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.grammar_ru import CASES, inflect, inflect_person


@pytest.mark.parametrize(("phrase", "case", "expected"), [
    # "в <city>": the locative; an indeclinable name stays as it is.
    ("Москва", "loct", "Москве"),
    ("Душанбе", "loct", "Душанбе"),
    ("Бишкек", "loct", "Бишкеке"),
    ("Нур-Султан", "loct", "Нур-Султане"),
    # "заседание <body>": the genitive of the head, the genitive tail untouched.
    ("Совет министров иностранных дел", "gent", "Совета министров иностранных дел"),
    ("Совет глав государств – членов ШОС", "gent", "Совета глав государств – членов ШОС"),
    ("Исполнительный комитет Региональной антитеррористической структуры", "gent",
     "Исполнительного комитета Региональной антитеррористической структуры"),
    ("Совет коллективной безопасности", "gent", "Совета коллективной безопасности"),
    # "под председательством <title> <state>", "переходит к <state>", "проделанную <state>".
    ("Министр иностранных дел", "gent", "Министра иностранных дел"),
    ("Россия", "gent", "России"),
    ("Таджикистан", "datv", "Таджикистану"),
    ("Россия", "ablt", "Россией"),
    ("Республика Беларусь", "datv", "Республике Беларусь"),
    # "представленный <office>".
    ("Генеральный секретарь", "ablt", "Генеральным секретарём"),
    ("Директор Исполнительного комитета РАТС", "gent",
     "Директора Исполнительного комитета РАТС"),
])
def test_name_phrases_decline_their_head(phrase, case, expected):
    """The head noun and the adjectives before it take the case; the rest stays."""
    assert inflect(phrase, case) == expected


@pytest.mark.parametrize(("name", "gent", "ablt"), [
    ("Сергей Лавров", "Сергея Лаврова", "Сергеем Лавровым"),
    ("Владимир Норов", "Владимира Норова", "Владимиром Норовым"),
    ("Джумахон Гиёсов", "Джумахона Гиёсова", "Джумахоном Гиёсовым"),
    ("Ван И", "Ван И", "Ван И"),
])
def test_peoples_names_decline_as_names(name, gent, ablt):
    """First names and surnames decline (a surname in -ов the dictionary lacks, too);
    a Chinese name does not."""
    assert (inflect_person(name, "gent"), inflect_person(name, "ablt")) == (gent, ablt)


@given(st.text(alphabet="abcXYZ 123-«»", max_size=30), st.sampled_from(CASES))
def test_what_is_not_russian_is_left_as_it_is(text, case):
    """A name the dictionary cannot read is never made worse than given."""
    assert inflect(text, case) == text
