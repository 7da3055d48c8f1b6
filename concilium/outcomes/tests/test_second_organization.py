"""A second organization proves the composer: the CSTO, set up from its own charter (Russian
only, other bodies, a chairmanship by calendar year), one meeting recorded through the
services, every text composed in Russian alone, with no trace of the SCO."""

import pytest

from concilium.core.errors import ValidationFailed
from concilium.organization.services import organization_init_from_file
from concilium.outcomes.composer import KINDS, compose, composed_save
from concilium.outcomes.composer.checks import problems
from concilium.outcomes.exporters import export_akn, export_text_for, validate_akn
from concilium.rules.permissions import SYSTEM, Actor, Role
from concilium.scenarios import csto_2023

OFFICER = Actor(username="officer", role=Role.SECRETARIAT)
#: The SCO's names, in its three languages, that no CSTO text may carry.
SCO_NAMES = ("ШОС", "SCO", "上合", "Шанхайск", "Shanghai", "Совет глав государств",
             "Совет национальных координаторов", "РАТС")


@pytest.fixture
def csto(db):
    organization_init_from_file(path="csto", acting_user=SYSTEM)
    csto_2023.load(acting_user=SYSTEM)


def test_every_text_is_russian_and_reads_well(csto):
    """Press release, communique, minutes, both notes verbales and the list of participants:
    Russian, grammatical, no SCO name."""
    texts = {kind: compose(kind, csto_2023.data.CFM, lang="ru", actor=OFFICER).as_text()
             for kind in KINDS if kind != "note-verbale"}
    texts["convocation"] = compose("note-verbale", csto_2023.data.CFM, lang="ru",
                                   actor=OFFICER, note="convocation").as_text()
    report = {kind: found for kind, text in texts.items()
              if (found := problems(text, "ru", foreign=SCO_NAMES))}
    assert report == {}
    release = texts["press-release"]
    assert "1 июня 2023 г. в Минске" in release
    assert "Совета министров иностранных дел государств – членов ОДКБ" in release
    assert "под председательством Министра иностранных дел Беларуси Сергея Алейника" in release
    assert ("Беларусь, Казахстан, Кыргызстан, Россия и Таджикистан подтвердили "
            "приверженность") in release  # Armenia stays out
    assert "информацию Генерального секретаря Имангали Тасмагамбетова" in release
    # Mid-year: the chairmanship passes on 1 January, not at this meeting.
    assert "переходит" not in release and "оценили" not in release
    minutes = texts["minutes"]
    assert "Делегация Армении не участвовала в принятии абзаца 2" in minutes
    assert "утверждён" in minutes
    assert "Секретариат" in texts["convocation"] and "ОДКБ" in texts["convocation"]


def test_a_circulation_note_needs_a_circulation(csto):
    """Nothing was circulated to the CSTO ministers: the note says so and what to do."""
    with pytest.raises(ValidationFailed) as refused:
        compose("note-verbale", csto_2023.data.CFM, lang="ru", actor=OFFICER, note="circulation")
    assert refused.value.field == "note"


def test_only_the_charters_language_anywhere(csto):
    """English or Chinese is refused for compose; the saved draft and its Akoma Ntoso
    export are in Russian only, and valid."""
    for lang in ("en", "zh"):
        with pytest.raises(ValidationFailed) as refused:
            compose("press-release", csto_2023.data.CFM, lang=lang, actor=OFFICER)
        assert refused.value.field == "lang"
    doc = composed_save(kind="press-release", meeting=csto_2023.data.CFM, acting_user=OFFICER)
    assert set(doc.titles) == {"ru"}
    xml = export_akn(export_text_for(doc, lang="ru"))
    assert validate_akn(xml) == [] and b"SCO" not in xml and "ШОС" not in xml.decode()


def test_the_pages_offer_only_russian_and_describe_its_own_bodies(csto, client):
    """The language switch lists the charter's one language; the dashboard explains the
    pipeline by the CSTO's bodies, not the SCO's."""
    page = client.get("/", follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="language" value="ru"' in html
    assert 'value="en"' not in html and 'value="zh-hans"' not in html
    assert "national coordinators" not in html and "heads of state adopt" not in html
    assert "pipeline-h" in html and "Совет министров иностранных дел" in html
