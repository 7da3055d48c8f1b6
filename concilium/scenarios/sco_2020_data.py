"""The reference scenario's records: the SCO's meetings of September and November 2020.

Written in the project's own words in English, Russian and Chinese from the public record
(see /shared/domain/sco-rules.md, section 5). Titles of the nine CHS decisions other than
those the sources name are paraphrases: the sources give their number, not their wording.
Paragraph texts of the press-release points are what the ministers did, without the subject:
the composer supplies "The Ministers" or the names of the supporting states from the
positions recorded.
"""

SLUG = "sco-2020"
CNC, CFM, CHS = "cnc-2020-09-04", "cfm-2020-09-10", "chs-2020-11-10"
MOSCOW = {"en": "Moscow", "ru": "Москва", "zh": "莫斯科"}
MEMBERS = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
CHS_ = {"en": "of the Council of Heads of State of the SCO Member States",
        "ru": "Совета глав государств – членов ШОС",
        "zh": "上海合作组织成员国元首理事会"}


def _chs(kind_en, kind_ru, kind_zh, subject):
    """A CHS title: "<Kind> of the Council of Heads of State ... <subject>"."""
    en, ru, zh = subject
    return {"en": f"{kind_en} {CHS_['en']} {en}", "ru": f"{kind_ru} {CHS_['ru']} {ru}",
            "zh": f"{CHS_['zh']}{zh}{kind_zh}"}


def _decision(subject):
    return _chs("Decision", "Решение", "决议", subject)


def _statement(subject):
    return _chs("Statement", "Заявление", "声明", subject)


def _one(en, ru, zh):
    return [{"en": en, "ru": ru, "zh": zh}]


DECLARATION = {
    "symbol": "SCO/CHS/2020/DECL.1", "doc_type": "declaration", "package": True,
    "titles": {"en": "Moscow Declaration of the Council of Heads of State of the SCO Member "
                     "States",
               "ru": "Московская декларация Совета глав государств – членов ШОС",
               "zh": "上海合作组织成员国元首理事会莫斯科宣言"},
    "paragraphs": [
        {"en": "reaffirmed their commitment to the SCO Charter and to building a more "
               "representative, democratic and just multipolar world order.",
         "ru": "подтвердили приверженность Хартии ШОС и формированию более "
               "представительного, демократического и справедливого многополярного "
               "миропорядка.",
         "zh": "重申恪守《上海合作组织宪章》，致力于构建更具代表性、更加民主公正的多极化"
               "世界秩序。"},
        {"en": "reaffirmed their support for the Belt and Road Initiative put forward by "
               "China and welcomed the joint work to implement it, including efforts to "
               "link the Eurasian Economic Union with the Belt and Road.",
         "ru": "подтвердили поддержку инициативы «Один пояс, один путь», выдвинутой Китаем, "
               "и приветствовали совместную работу по её реализации, включая усилия по "
               "сопряжению строительства Евразийского экономического союза и «Одного пояса, "
               "одного пути».",
         "zh": "重申支持中国提出的“一带一路”倡议，欢迎各方为共同落实该倡议开展的工作，包括推动"
               "欧亚经济联盟建设同“一带一路”建设对接的努力。",
         "proponents": ["CHN"], "outside": ["IND"]},
        {"en": "agreed that the presidency of the SCO for 2020-2021 passes to Tajikistan, "
               "which will host the next meeting of the Council of Heads of State.",
         "ru": "согласились, что председательство в ШОС на 2020–2021 годы переходит к "
               "Таджикистану, который примет следующее заседание Совета глав государств.",
         "zh": "同意2020至2021年上海合作组织主席国由塔吉克斯坦担任，下一次元首理事会会议将在"
               "塔吉克斯坦举行。"},
    ],
}

DECISIONS = [
    ("action-plan-decision", ("on the Action Plan for 2021-2025 for the Implementation of the "
                              "SCO Development Strategy until 2025",
                              "о Плане действий на 2021–2025 годы по реализации Стратегии "
                              "развития ШОС до 2025 года",
                              "关于落实《上海合作组织至2025年发展战略》2021-2025年行动计划的")),
    ("sg-report", ("on the Report of the Secretary-General on the Activities of the SCO over "
                   "the Past Year",
                   "о докладе Генерального секретаря о деятельности ШОС за прошедший год",
                   "关于秘书长关于本组织过去一年工作报告的")),
    ("rats-report", ("on the Report of the Council of the Regional Anti-Terrorist Structure "
                     "on its Activities in 2019",
                     "о докладе Совета Региональной антитеррористической структуры о "
                     "деятельности в 2019 году",
                     "关于地区反恐怖机构理事会2019年工作报告的")),
    ("rural", ("on Cooperation in the Development of Remote and Rural Areas in the Digital "
               "Age",
               "о сотрудничестве в развитии удалённых и сельских территорий в эпоху "
               "цифровизации",
               "关于数字时代偏远和农村地区发展合作的")),
    ("road", ("on Improving the Organization of Road Transport",
              "о совершенствовании организации автомобильных перевозок",
              "关于完善公路运输组织工作的")),
    ("legal", ("on Legal Assistance and Legal Relations in Civil and Criminal Cases",
               "о правовой помощи и правовых отношениях по гражданским и уголовным делам",
               "关于民事和刑事案件司法协助与法律关系的")),
    ("memoranda", ("on Memoranda of Understanding between the SCO Secretariat and "
                   "International Organizations",
                   "о меморандумах о взаимопонимании между Секретариатом ШОС и "
                   "международными организациями",
                   "关于上海合作组织秘书处同国际组织签署谅解备忘录的")),
    ("next-chs", ("on the Date and Venue of the Next Meeting of the Council of Heads of State",
                  "о дате и месте проведения очередного заседания Совета глав государств",
                  "关于下一次元首理事会会议日期和地点的")),
    ("anniversary", ("on the Celebration of the 20th Anniversary of the SCO in 2021",
                     "о праздновании 20-летия ШОС в 2021 году",
                     "关于2021年庆祝上海合作组织成立20周年的")),
]
#: The decisions on cooperation in particular areas the ministers discussed on their own.
AREA_DECISIONS = ("rural", "road", "legal")

STATEMENTS = [
    ("victory", ("on the 75th Anniversary of the Victory in the Second World War",
                 "в связи с 75-летием Победы во Второй мировой войне",
                 "关于第二次世界大战胜利75周年的")),
    ("infosec", ("on Cooperation in Ensuring International Information Security",
                 "о сотрудничестве в области обеспечения международной информационной "
                 "безопасности",
                 "关于合作保障国际信息安全的")),
    ("drugs", ("on Countering the Drug Threat", "о противодействии угрозе наркотиков",
               "关于应对毒品威胁的")),
    ("extremism", ("on Countering the Spread of Terrorist and Extremist Ideology",
                   "о противодействии распространению идеологии терроризма и экстремизма",
                   "关于打击恐怖主义和极端主义思想传播的")),
]
#: Statements agreed after the CFM and adopted with the package by the CHS.
LATER_STATEMENTS = [
    ("epidemics", ("on Joint Countering of the Threats of Epidemics in the SCO Space",
                   "о совместном противодействии угрозам эпидемий на пространстве ШОС",
                   "关于共同应对上合组织地区流行病威胁的")),
    ("digital", ("on Cooperation in the Digital Economy",
                 "о сотрудничестве в сфере цифровой экономики", "关于数字经济领域合作的")),
]

#: Why the texts agreed after the CFM skip the coordinators' and the ministers' steps.
LATER_EXCEPTION_REASON = ("Agreed by the member states after the Council of Foreign "
                          "Ministers met on 10 September 2020, and taken up directly by the "
                          "Council of Heads of State.")

ACTION_PLAN = {
    "symbol": "SCO/CHS/2020/AP.1", "doc_type": "action-plan", "package": True,
    "titles": {"en": "Action Plan for 2021-2025 for the Implementation of the SCO "
                     "Development Strategy until 2025",
               "ru": "План действий на 2021–2025 годы по реализации Стратегии развития ШОС "
                     "до 2025 года",
               "zh": "落实《上海合作组织至2025年发展战略》2021-2025年行动计划"},
    "paragraphs": _one(
        "The member states will carry out the measures set out below in 2021-2025 to "
        "implement the SCO Development Strategy until 2025.",
        "Государства-члены осуществят в 2021–2025 годах изложенные ниже меры по реализации "
        "Стратегии развития ШОС до 2025 года.",
        "成员国将于2021至2025年实施下列措施，落实《上海合作组织至2025年发展战略》。"),
}

MEMORANDA = [
    # (slug, package: agreed and submitted with the CFM package, later: only at the CHS)
    ("unece", False), ("unctad", False), ("escap", True), ("eec", True), ("iru", False),
]
LATER_MEMORANDA = ["who"]

REPORT = {
    "symbol": "SCO/CFM/2020/REP.1", "doc_type": "report",
    "titles": {"en": "Report on the Work of the SCO Secretariat over the Past Year",
               "ru": "Доклад о работе Секретариата ШОС за прошедший год",
               "zh": "上海合作组织秘书处过去一年工作报告"},
    "paragraphs": _one(
        "The Secretariat reports on its work from September 2019 to August 2020.",
        "Секретариат докладывает о своей работе с сентября 2019 года по август 2020 года.",
        "秘书处报告2019年9月至2020年8月的工作。"),
}

PRESS_RELEASE = {
    "symbol": "SCO/CFM/2020/PR.1", "doc_type": "press-release", "body": "cfm",
    "titles": {"en": "Points agreed by the Council of Foreign Ministers for its press release",
               "ru": "Положения информационного сообщения, согласованные СМИД",
               "zh": "外长理事会商定的新闻公报要点"},
    "paragraphs": [
        {"en": "noted that the SCO, guided by mutual trust, mutual benefit and equality, has "
               "shown its considerable potential as an effective platform for responding to "
               "new challenges.",
         "ru": "отметили, что ШОС, руководствуясь принципами взаимного доверия, взаимной "
               "выгоды и равенства, показала свой значительный потенциал как действенная "
               "площадка для ответа на новые вызовы.",
         "zh": "指出上合组织秉持互信、互利、平等原则，展现出作为应对新挑战的有效平台的巨大潜力。"},
        {"en": "stated the member states' intention to contribute more to a multipolar world "
               "order grounded in international law, including the UN Charter, and in "
               "multilateralism, equal and indivisible security, and the rejection of "
               "confrontation and conflict.",
         "ru": "заявили о намерении государств-членов активнее содействовать становлению "
               "многополярного миропорядка на основе международного права, включая Устав "
               "ООН, многосторонности, равной и неделимой безопасности, отказа от "
               "конфронтации и конфликтов.",
         "zh": "表示成员国愿为建立以国际法（包括《联合国宪章》）、多边主义、平等和不可分割的"
               "安全以及不对抗、不冲突为基础的多极世界秩序作出更大贡献。"},
        {"en": "called for a stronger joint response to security risks and threats, and "
               "confirmed that the SCO stands ready to support the international community "
               "against the illicit production and trafficking of narcotic drugs and "
               "psychotropic substances and their abuse.",
         "ru": "призвали совместно и решительнее противостоять рискам и угрозам безопасности "
               "и подтвердили готовность ШОС поддержать усилия международного сообщества "
               "против незаконного производства и оборота наркотических средств и "
               "психотропных веществ и злоупотребления ими.",
         "zh": "呼吁加强共同应对安全风险和威胁，确认上合组织愿支持国际社会打击非法生产、贩运和"
               "滥用麻醉药品和精神药物。"},
        {"en": "reaffirmed the member states' commitment to the indivisibility of security "
               "and to strengthening the existing mechanisms of global and regional "
               "stability, including strategic arms control.",
         "ru": "подтвердили приверженность государств-членов принципу неделимости "
               "безопасности и укреплению существующих механизмов поддержания глобальной и "
               "региональной стабильности, включая контроль над стратегическими "
               "вооружениями.",
         "zh": "重申成员国恪守安全不可分割原则，主张加强维护全球和地区稳定的现有机制，包括战略"
               "武器控制。"},
        {"en": "called, as parties to the Treaty on the Non-Proliferation of Nuclear Weapons "
               "(NPT), for its strict observance and the balanced advancement of all its "
               "aims; supported the steady implementation of the Joint Comprehensive Plan of "
               "Action (JCPOA) on the Iranian nuclear programme; and stressed the need to "
               "keep outer space free of weapons and to conclude a legally binding "
               "instrument to prevent an arms race in outer space.",
         "ru": "выступили, как участники Договора о нераспространении ядерного оружия "
               "(ДНЯО), за его неукоснительное соблюдение и сбалансированное продвижение всех его "
               "целей; поддержали устойчивое выполнение Совместного всеобъемлющего плана "
               "действий (СВПД) по иранской ядерной программе; подчеркнули необходимость "
               "сохранить космическое пространство свободным от оружия и заключить "
               "юридически обязывающий документ о предотвращении гонки вооружений в космосе.",
         "zh": "作为《不扩散核武器条约》缔约国，主张严格遵守该条约，均衡推进其各项目标；支持"
               "持续执行伊朗核问题全面协议；强调保持外空免受任何武器危害、缔结具有法律约束力的"
               "国际文书以防止外空军备竞赛的重要性。"},
        {"en": "welcomed the efforts towards a political settlement in Afghanistan through "
               "dialogue and an inclusive peace process led and owned by the Afghans.",
         "ru": "приветствовали усилия по политическому урегулированию в Афганистане путём "
               "диалога и инклюзивного мирного процесса, осуществляемого и возглавляемого "
               "самими афганцами.",
         "zh": "欢迎通过对话和“阿人主导、阿人所有”的包容性和平进程政治解决阿富汗问题的努力。"},
        {"en": "restated their shared view that the conflict in Syria can only be settled "
               "politically, with respect for the country's sovereignty, independence, "
               "unity and territorial integrity.",
         "ru": "подтвердили общую позицию: конфликт в Сирии может быть урегулирован только "
               "политическим путём при уважении суверенитета, независимости, единства и "
               "территориальной целостности страны.",
         "zh": "重申共同立场，即叙利亚冲突只能在尊重该国主权、独立、统一和领土完整的基础上通过"
               "政治方式解决。"},
        {"en": "reaffirmed their support for the Belt and Road Initiative put forward by "
               "China and noted the work of interested states to implement it, including "
               "efforts to link the building of the Eurasian Economic Union with the Belt "
               "and Road.",
         "ru": "подтвердили поддержку инициативы «Один пояс, один путь», выдвинутой Китаем, "
               "и отметили работу заинтересованных государств по её реализации, включая "
               "усилия по сопряжению строительства Евразийского экономического союза и "
               "«Одного пояса, одного пути».",
         "zh": "重申支持中国提出的“一带一路”倡议，肯定有关国家为共同实施该倡议开展的工作，包括"
               "推动欧亚经济联盟建设同“一带一路”建设对接的努力。",
         "proponents": ["CHN"], "outside": ["IND"]},
        {"en": "noted the effective cooperation of the member states' sanitary and "
               "epidemiological services and health ministries in protecting the health and "
               "well-being of their peoples.",
         "ru": "отметили эффективное взаимодействие санитарно-эпидемиологических служб и "
               "министерств здравоохранения государств-членов в деле охраны здоровья и "
               "благополучия населения.",
         "zh": "肯定成员国卫生防疫部门和卫生部门在保障民众健康和福祉方面的有效协作。"},
        {"en": "discussed the SCO's cooperation with other international organizations and "
               "forums, above all the UN and its specialized agencies, the CIS, the CSTO, "
               "the EAEU and ASEAN.",
         "ru": "обсудили сотрудничество ШОС с другими международными организациями и "
               "форумами, прежде всего с ООН и её специализированными учреждениями, СНГ, "
               "ОДКБ, ЕАЭС и АСЕАН.",
         "zh": "讨论了上合组织同其他国际组织和论坛的合作，首先是同联合国及其专门机构、独联体、"
               "集安组织、欧亚经济联盟和东盟的合作。"},
    ],
}

SIDE_EVENT = {
    "date": "2020-09-09", "format": "video", "host": "Vladimir Putin",
    "titles": {"en": "a meeting with the foreign ministers of the SCO member states",
               "ru": "встречу с министрами иностранных дел государств – членов ШОС",
               "zh": "同上合组织成员国外长会见"},
}

CFM_AGENDA = [
    {"key": "situation", "sought": "discuss", "documents": ["press-release"],
     "titles": {"en": "The state of and prospects for the SCO's activities amid the spread of "
                      "the novel coronavirus infection in the world",
                "ru": "Состояние и перспективы деятельности ШОС в условиях распространения "
                      "новой коронавирусной инфекции в мире",
                "zh": "新冠肺炎疫情全球蔓延背景下上合组织活动的现状和前景"}},
    {"key": "chs", "sought": "agree_submit", "documents": ["package"],
     "titles": {"en": "Preparations for the meeting of the Council of Heads of State",
                "ru": "О подготовке заседания Совета глав государств",
                "zh": "关于筹备元首理事会会议"},
     "notes": {"en": "The Ministers also reviewed the substantive and organizational "
                     "preparations for the coming meeting of the Council of Heads of State.",
               "ru": "Министры также рассмотрели вопросы содержательной и организационной "
                     "подготовки предстоящего заседания Совета глав государств.",
               "zh": "外长们还审议了即将举行的元首理事会会议的内容和组织筹备工作。"}},
    {"key": "areas", "sought": "discuss", "documents": ["areas"],
     "titles": {"en": "Draft documents on cooperation in particular areas",
                "ru": "Проекты документов о сотрудничестве в отдельных областях",
                "zh": "关于具体领域合作的文件草案"}},
    {"key": "plan", "sought": "discuss", "documents": ["action-plan"],
     "titles": {"en": "Draft Action Plan for the SCO Development Strategy until 2025",
                "ru": "Проект Плана действий по реализации Стратегии развития ШОС до 2025 года",
                "zh": "落实上合组织至2025年发展战略行动计划草案"},
     "notes": {"en": "Special emphasis was placed on the elaboration of the draft Action Plan.",
               "ru": "Особое внимание было уделено проработке проекта Плана действий.",
               "zh": "会议特别重视行动计划草案的制定工作。"}},
    {"key": "memoranda", "sought": "discuss", "documents": ["memoranda"],
     "titles": {"en": "Draft memoranda of understanding with international organizations",
                "ru": "Проекты меморандумов о взаимопонимании с международными организациями",
                "zh": "同国际组织的谅解备忘录草案"}},
    {"key": "report", "sought": "approve", "documents": ["report"],
     "reporter": "Vladimir Norov",
     "titles": {"en": "The report on the work of the SCO Secretariat over the past year",
                "ru": "О докладе о работе Секретариата ШОС за прошедший год",
                "zh": "关于上合组织秘书处过去一年工作报告"}},
    {"key": "rats", "sought": "hear_report", "documents": [], "reporter": "Jumakhon Giyasov",
     "titles": {"en": "The activities of the RATS Executive Committee",
                "ru": "О деятельности Исполнительного комитета РАТС",
                "zh": "地区反恐怖机构执行委员会的工作"}},
]

PACKAGE = {
    "symbol": "SCO/CFM/2020/PKG.1",
    "titles": {"en": "Documents for the meeting of the Council of Heads of State, 2020",
               "ru": "Документы к заседанию Совета глав государств 2020 года",
               "zh": "2020年元首理事会会议文件"},
}

CHS_LATER_ITEM = {
    "en": "Documents agreed after the meeting of the Council of Foreign Ministers",
    "ru": "Документы, согласованные после заседания Совета министров иностранных дел",
    "zh": "外长理事会会议后商定的文件",
}

CNC_AGENDA_TITLE = {
    "en": "Draft documents for the meeting of the Council of Foreign Ministers",
    "ru": "Проекты документов к заседанию Совета министров иностранных дел",
    "zh": "外长理事会会议文件草案",
}

MEMORANDUM_TITLE = {
    "en": "Memorandum of Understanding between the SCO Secretariat and the {name}",
    "ru": "Меморандум о взаимопонимании между Секретариатом ШОС и {short}",
    "zh": "上海合作组织秘书处与{name}谅解备忘录",
}
MEMORANDUM_TEXT = {
    "en": "The Parties will cooperate in areas of common interest within their mandates.",
    "ru": "Стороны будут сотрудничать в областях, представляющих взаимный интерес, в рамках "
          "своих мандатов.",
    "zh": "双方将在各自职权范围内就共同关心的领域开展合作。",
}
DECISION_TEXT = {
    "en": "The Council of Heads of State of the SCO Member States decides as follows.",
    "ru": "Совет глав государств – членов ШОС решает следующее.",
    "zh": "上海合作组织成员国元首理事会决定如下。",
}
STATEMENT_TEXT = {
    "en": "The heads of state of the SCO member states state their common position.",
    "ru": "Главы государств – членов ШОС заявляют о своей общей позиции.",
    "zh": "上海合作组织成员国元首阐明共同立场。",
}
