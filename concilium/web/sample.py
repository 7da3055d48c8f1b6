"""A negotiation built through the real services, for tests, the browser suite and benchmarks.

Used when the reference scenario is not what a test needs: a document of any length in the
three languages, with brackets, options and positions, as a secretariat would set it up.
"""

from __future__ import annotations

import datetime as dt

from concilium.documents import services
from concilium.rules.permissions import SYSTEM

SESSION_DAY = dt.date(2020, 9, 10)  # the Moscow CFM: Russia presides, India is a member
MEMBERS = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")

TEXTS = {
    "en": ("The Ministers noted the importance of [strengthening] cooperation in the area {n} "
           "and [Option 1: welcomed | Option 2: took note of] the proposals made."),
    "ru": ("Министры отметили важность [укрепления] сотрудничества в области {n} "
           "и [Вариант 1: приветствовали | Вариант 2: приняли к сведению] предложения."),
    "zh": "外长们指出在第{n}领域[加强]合作的重要性，并[方案 1：欢迎 | 方案 2：注意到]所提建议。",
}
CLEAN = {
    "en": "The Ministers reaffirmed their commitment to the Charter, item {n}.",
    "ru": "Министры подтвердили приверженность Хартии, пункт {n}.",
    "zh": "外长们重申恪守宪章，第{n}项。",
}


def sample_document(*, symbol: str = "SCO/CFM/2020/DEMO", paragraphs: int = 6,
                    positions: bool = True, classification: str = "members",
                    titles: dict | None = None):
    """Create a document whose odd paragraphs carry brackets and options; every member
    agrees with every paragraph, except Pakistan, which objects to paragraph 2."""
    rows = []
    for n in range(1, paragraphs + 1):
        source = TEXTS if n % 2 else CLEAN
        rows.append({lang: text.format(n=n) for lang, text in source.items()})
    doc = services.document_create(
        doc_type="cfm-statement", body="cfm", lang="en", paragraphs=rows,
        classification=classification, symbol=symbol, acting_user=SYSTEM,
        titles=titles or {"en": "Joint statement of the Ministers on cooperation",
                          "ru": "Совместное заявление министров о сотрудничестве",
                          "zh": "外长关于合作的联合声明"})
    if positions:
        for n in range(1, paragraphs + 1):
            for code in MEMBERS:
                if code == "PAK" and n == 2:
                    services.position_record(symbol=symbol, state=code, stance="object",
                                             text="The wording needs more work.", paragraph=n,
                                             on=SESSION_DAY, acting_user=SYSTEM)
                else:
                    services.position_record(symbol=symbol, state=code, stance="agree",
                                             paragraph=n, on=SESSION_DAY, acting_user=SYSTEM)
    return doc
