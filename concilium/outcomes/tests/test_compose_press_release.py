"""The press release of the foreign ministers' meeting of 10 September 2020, composed from
the records of the scenario sco-2020, carries every fact of the seed, in three languages."""

import datetime as dt

import pytest

from concilium.documents.services import position_record
from concilium.meetings.services import meeting_chair_set
from concilium.outcomes.composer import compose, template_names
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

CFM = "cfm-2020-09-10"
BELT_AND_ROAD = 8  # the paragraph of the agreed points that India stays out of

# Each fact of /shared/seed, as the composed English text must state it.
SEED_FACTS_EN = [
    # The coordinators' meeting, chaired by Russia, in Moscow, on 4-9 September.
    "On 4–9 September 2020 the Council of National Coordinators",
    "met in Moscow under the chairmanship of Russia",
    "draft documents prepared for the agenda of the Council of Foreign Ministers",
    # The ministers' meeting in Moscow on 10 September, chaired by Lavrov.
    "held in Moscow on 10 September 2020",
    "chaired by the Minister of Foreign Affairs of Russia, Sergey Lavrov",
    # The President's video conference with the ministers the day before.
    "On the eve of the meeting",
    "Vladimir Putin",
    "with the foreign ministers of the SCO member states by video conference",
    # Draft final documents and decisions agreed and submitted to the heads of state.
    "draft final documents and decisions and submitted them to the Council of Heads of State",
    # The drafts on cooperation in particular areas.
    "Remote and Rural Areas in the Digital Age",
    "Improving the Organization of Road Transport",
    "Legal Assistance and Legal Relations in Civil and Criminal Cases",
    # The four statements.
    "75th Anniversary of the Victory in the Second World War",
    "Cooperation in Ensuring International Information Security",
    "Countering the Drug Threat",
    "Countering the Spread of Terrorist and Extremist Ideology",
    # The action plan, with special emphasis.
    "Action Plan for 2021-2025 for the Implementation of the SCO Development Strategy until 2025",
    "Special emphasis was placed on the elaboration of the draft Action Plan",
    # The five memoranda partners.
    "draft memoranda of understanding with UNECE, UNCTAD, ESCAP, the Eurasian Economic "
    "Commission and IRU",
    # The coronavirus context.
    "amid the spread of the novel coronavirus infection",
    # The SCO as a platform of mutual trust, mutual benefit and equality.
    "mutual trust, mutual benefit and equality",
    "effective platform",
    # Preparations for the heads of state.
    "preparations for the coming meeting of the Council of Heads of State",
    # Multipolar world order, international law, UN Charter, indivisible security.
    "multipolar world order grounded in international law, including the UN Charter",
    "equal and indivisible security",
    # Security risks and drugs.
    "security risks and threats",
    "narcotic drugs and psychotropic substances",
    # Indivisibility of security and strategic arms control.
    "indivisibility of security",
    "strategic arms control",
    # NPT, JCPOA, outer space.
    "Treaty on the Non-Proliferation of Nuclear Weapons",
    "Joint Comprehensive Plan of Action",
    "arms race in outer space",
    # Afghanistan, Syria.
    "political settlement in Afghanistan",
    "the conflict in Syria can only be settled politically",
    # The Belt and Road paragraph: six states, India not taking part, China the proponent.
    "The foreign ministers of Kazakhstan, Kyrgyzstan, Pakistan, Russia, Tajikistan and "
    "Uzbekistan reaffirmed their support for the Belt and Road Initiative put forward by China",
    "Eurasian Economic Union",
    # Sanitary and epidemiological cooperation.
    "sanitary and epidemiological services",
    # Cooperation with the UN, CIS, CSTO, EAEU and ASEAN.
    "the UN and its specialized agencies, the CIS, the CSTO, the EAEU and ASEAN",
    # The Secretariat's report, submitted by the Secretary-General, approved.
    "approved the Report on the Work of the SCO Secretariat over the Past Year, submitted by "
    "the Secretary-General, Vladimir Norov",
    # The RATS Director informed the ministers.
    "heard the Director of the RATS Executive Committee, Jumakhon Giyasov",
    # Over 20 draft documents.
    "over 20 draft documents",
    # Appreciation of the Russian presidency.
    "commended the work done by Russia during its presidency of the SCO",
]

SEED_FACTS_RU = [
    "4–9 сентября 2020 г. в Москве", "Совета национальных координаторов",
    "под председательством России", "10 сентября 2020 г. в Москве",
    "Сергея Лаврова", "Накануне заседания", "Владимир Путин", "в формате видеоконференции",
    "представили их на рассмотрение Совета глав государств",
    "удалённых и сельских территорий", "автомобильных перевозок", "правовой помощи",
    "75-летием Победы во Второй мировой войне", "международной информационной безопасности",
    "угрозе наркотиков", "идеологии терроризма и экстремизма",
    "Стратегии развития ШОС до 2025 года", "Особое внимание",
    "ЕЭК ООН, ЮНКТАД, ЭСКАТО, ЕЭК и МСАТ", "коронавирусной инфекции",
    "взаимного доверия, взаимной выгоды и равенства", "многополярного миропорядка",
    "Устав ООН", "неделимой безопасности", "стратегическими вооружениями", "ДНЯО", "СВПД",
    "в космосе", "Афганистане", "Сирии",
    "Казахстан, Кыргызстан, Пакистан, Россия, Таджикистан и Узбекистан подтвердили поддержку "
    "инициативы «Один пояс, один путь», выдвинутой Китаем",
    "санитарно-эпидемиологических служб", "ООН и её специализированными учреждениями, СНГ, "
    "ОДКБ, ЕАЭС и АСЕАН", "Доклад о работе Секретариата ШОС", "Владимиром Норовым",
    "Джумахона Гиёсова", "более 20 проектов документов", "проделанную Россией в период "
    "председательства в ШОС",
    # The fixed sentences decline the registry's names where Russian needs it.
    "под председательством Министра иностранных дел России Сергея Лаврова",
    "Накануне заседания Президент России Владимир Путин",
    "представленный Генеральным секретарём Владимиром Норовым",
    "информацию Директора Исполнительного комитета РАТС Джумахона Гиёсова",
]

SEED_FACTS_ZH = [
    "2020年9月4日至9日", "国家协调员理事会", "由俄罗斯主持", "2020年9月10日", "在莫斯科举行",
    "谢尔盖·拉夫罗夫", "会议前一天", "弗拉基米尔·普京", "以视频方式", "提交成员国元首理事会审议",
    "偏远和农村地区", "公路运输", "司法协助", "第二次世界大战胜利75周年", "国际信息安全",
    "毒品威胁", "恐怖主义和极端主义思想", "2021-2025年行动计划", "特别重视",
    "欧洲经委会、贸发会议、亚太经社会、欧亚经济委员会和国际道路运输联盟", "新冠肺炎疫情",
    "互信、互利、平等", "多极世界秩序", "《联合国宪章》", "不可分割", "战略武器控制",
    "《不扩散核武器条约》", "伊朗核问题全面协议", "外空军备竞赛", "阿富汗", "叙利亚",
    # Pinyin order: Ba, E, Ha, Ji, Ta, Wu.
    "巴基斯坦、俄罗斯、哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦和乌兹别克斯坦外长重申支持中国提出的"
    "“一带一路”倡议",
    "卫生防疫", "联合国及其专门机构、独联体、集安组织、欧亚经济联盟和东盟",
    "秘书长弗拉基米尔·诺罗夫提交的《上海合作组织秘书处过去一年工作报告》", "吉约索夫",
    "20余份", "俄罗斯担任上合组织主席国期间",
]


@pytest.fixture
def scenario(sco):
    """The SCO registry with the 2020 meetings recorded."""
    sco_2020.load(acting_user=SYSTEM)


def _missing(text: str, facts: list[str]) -> list[str]:
    return [fact for fact in facts if fact not in text]


def test_english_press_release_carries_every_fact_of_the_seed(scenario, secretariat_officer):
    """Composed from the records alone, the English text states each fact of the seed."""
    text = compose("press-release", CFM, lang="en", actor=secretariat_officer)
    assert text.template == "outcomes/compose/press-release.cfm.en.txt"
    assert text.title.startswith("Press release: meeting of the Council of Foreign Ministers")
    assert _missing(text.as_text(), SEED_FACTS_EN) == []
    # India is not named where it stays out, China not among those supporting its initiative.
    belt = next(p for p in text.paragraphs if "Belt and Road" in p)
    assert "India" not in belt and "China," not in belt


def test_russian_and_chinese_press_releases_carry_the_same_facts(scenario, russian_chair):
    """The same records give the same facts in Russian and Chinese, with the registry's
    names of states, bodies and officials in each language."""
    ru = compose("press-release", CFM, lang="ru", actor=russian_chair).as_text()
    zh = compose("press-release", CFM, lang="zh", actor=russian_chair).as_text()
    assert _missing(ru, SEED_FACTS_RU) == []
    assert _missing(zh, SEED_FACTS_ZH) == []


def test_the_text_follows_the_records(scenario, secretariat_officer, indian_delegate):
    """Change the chair, and the new chair is named; let India join the Belt and Road
    paragraph, and India is listed among its supporters in every language."""
    meeting_chair_set(meeting=CFM, chair_state="KAZ", reason="A correction of the record.",
                      acting_user=secretariat_officer)
    position_record(symbol=sco_2020.data.PRESS_RELEASE["symbol"], state="IND", stance="agree",
                    paragraph=BELT_AND_ROAD, on=dt.date(2020, 9, 10),
                    acting_user=indian_delegate)

    en = compose("press-release", CFM, lang="en", actor=secretariat_officer).as_text()
    assert "chaired by the Minister of Foreign Affairs of Kazakhstan, Mukhtar Tileuberdi" in en
    assert "Sergey Lavrov" not in en
    assert ("The foreign ministers of India, Kazakhstan, Kyrgyzstan, Pakistan, Russia, "
            "Tajikistan and Uzbekistan reaffirmed") in en
    ru = compose("press-release", CFM, lang="ru", actor=secretariat_officer).as_text()
    assert "Индия, Казахстан, Кыргызстан, Пакистан, Россия, Таджикистан и Узбекистан" in ru
    assert "Министра иностранных дел Казахстана Мухтара Тлеуберди" in ru
    zh = compose("press-release", CFM, lang="zh", actor=secretariat_officer).as_text()
    assert "巴基斯坦、俄罗斯、哈萨克斯坦、吉尔吉斯斯坦、塔吉克斯坦、乌兹别克斯坦和印度外长" in zh


def test_summit_communique_skeleton_names_the_adopted_package_and_next_presidency(
        scenario, secretariat_officer):
    """The heads of state's text: the Moscow Declaration's agreed paragraphs, the documents
    adopted, the memoranda approved, and the presidency passing to Tajikistan."""
    text = compose("communique", "chs-2020-11-10", lang="en", actor=secretariat_officer)
    body = text.as_text()
    assert text.title == ("Moscow Declaration of the Council of Heads of State of the SCO "
                          "Member States")
    assert "by video conference on 10 November 2020" in body
    assert "Vladimir Putin" in body
    assert "The Council of Heads of State adopted 17 documents" in body
    assert "9 × Decision" in body and "4 × Statement" in body and "2 × Statement" in body
    assert "ESCAP and the Eurasian Economic Commission" in body and "WHO" in body
    # Said once: the declaration's own paragraph names the next presidency.
    assert body.count("passes to Tajikistan") == 1


def test_most_specific_template_wins():
    """Body and language first, then language, then the kind alone."""
    assert template_names("press-release", "cfm", "ru") == [
        "outcomes/compose/press-release.cfm.ru.txt", "outcomes/compose/press-release.ru.txt",
        "outcomes/compose/press-release.txt"]
