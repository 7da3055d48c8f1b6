"""Benchmark of concilium.rules.redline against its performance targets.

Why: a redline is computed while a delegate waits for the page, on
agreements of a few thousand paragraphs in English, Russian and Chinese.
This script builds such documents (2,000 paragraphs of plausible
diplomatic vocabulary, about 40 words or, in Chinese, about 80 characters
each), revises them, and times the redline against the targets:

* a full document with 5% of its paragraphs edited: at most 50 ms;
* the worst case, 98% of the paragraphs edited: at most 500 ms;
* one edited paragraph: at most 1 ms.

For scale it also times what the two-level design avoids: Python's plain
``difflib.SequenceMatcher`` over the whole document's tokens (5% case, one
run per language, tens of seconds to minutes each, in a child process
stopped after ``--difflib-budget`` CPU seconds; ``--quick`` skips it).

Both wall-clock and CPU time are shown: on a shared machine other work
inflates the wall time, and a target missed on wall time but met on CPU
time says "MISS (CPU PASS)".

Words are drawn as in real text: core vocabulary by Zipf's law (function
words most often), plus a tail of names, years and article numbers.

Run: ``.venv/bin/python bench/redline.py [--quick]`` (no Django needed).
"""

from __future__ import annotations

import argparse
import difflib
import functools
import gc
import itertools
import multiprocessing
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from concilium.rules.redline import diff_document, diff_text, tokenize

PARAGRAPHS = 2_000
WORDS_PER_PARAGRAPH = 40
ZH_CHARS_PER_PARAGRAPH = 80
SEED = 20_010_615  # the SCO was founded on 15 June 2001

TARGET_DOCUMENT_MS = 50.0
TARGET_WORST_MS = 500.0
TARGET_PARAGRAPH_MS = 1.0


def words(block: str) -> list[str]:
    """The whitespace-separated words of a block of text, in order."""
    return block.split()


EN_WORDS = words("""
the of and to in on for with within between among all their its this
member states parties shall should may cooperation cooperate strengthen
develop promote ensure support security stability peace region regional
international organization council heads government ministers foreign
affairs defence economic trade investment transport energy connectivity
infrastructure digital innovation culture education health tourism youth
terrorism separatism extremism drug trafficking transnational organized
crime information cyber space sovereignty territorial integrity mutual
respect trust equality consultation respect diversity civilizations common
development principles charter agreement convention protocol declaration
resolution implementation mechanism framework dialogue partners observers
secretariat secretary general structure executive committee anti regional
joint exercises border measures confidence building sustainable climate
environment water resources food agriculture poverty reduction financial
banking payments currencies settlements multilateral system united nations
law rules based order fair just inclusive open transparent efforts initiatives
action plan programme years period further deepen expand enhance facilitate
""")

RU_WORDS = words("""
и в на по с для между всех их своих этого рамках
государства члены стороны будут должны могут сотрудничество сотрудничать
укреплять развивать содействовать обеспечивать поддерживать безопасность
стабильность мир регион региональный международный организация совет глав
правительств министров иностранных дел обороны экономический торговля
инвестиции транспорт энергетика взаимосвязанность инфраструктура цифровой
инновации культура образование здравоохранение туризм молодёжь терроризм
сепаратизм экстремизм незаконный оборот наркотиков транснациональная
организованная преступность информационная безопасность суверенитет
территориальная целостность взаимное уважение доверие равноправие
консультации многообразие цивилизаций общее развитие принципы хартия
соглашение конвенция протокол декларация решение реализация механизм
диалог партнёры наблюдатели секретариат генеральный секретарь структура
исполнительный комитет совместные учения пограничные меры доверия
устойчивое климат окружающая среда водные ресурсы продовольствие сельское
хозяйство сокращение бедности финансовый банковский расчёты национальных
валютах многосторонний система объединённых наций право справедливый
открытый прозрачный усилия инициативы план действий программа годы период
дальнейшее углублять расширять активизировать
""")

ZH_WORDS = words("""
的 和 在 与 及 为 对 中 各
成员国 各方 应当 可以 合作 加强 深化 发展 促进 确保 支持 安全 稳定 和平 地区
国际 组织 理事会 元首 政府 总理 外交部长 国防 经济 贸易 投资 交通 能源 互联互通
基础设施 数字 创新 文化 教育 卫生 旅游 青年 恐怖主义 分裂主义 极端主义 毒品
贩运 跨国 有组织 犯罪 信息 网络 空间 主权 领土完整 相互 尊重 信任 平等 协商
多样 文明 共同 原则 宪章 协定 公约 议定书 宣言 决议 落实 机制 框架 对话 伙伴
观察员 秘书处 秘书长 地区反恐怖机构 执行委员会 联合 演习 边境 措施 建立信任
可持续 气候 环境 水资源 粮食 农业 减贫 金融 银行 结算 本币 多边 体系 联合国
国际法 公平 公正 包容 开放 透明 努力 倡议 行动计划 纲要 年度 进一步 扩大 便利
""")


# Names, places, years and article numbers: the long tail of rare words.
EN_TAIL = (
    words("""
Russia China India Pakistan Kazakhstan Kyrgyzstan Tajikistan Uzbekistan Iran
Belarus Mongolia Shanghai Astana Bishkek Dushanbe Tashkent Moscow Beijing
Delhi Islamabad Tehran Minsk Samarkand Qingdao Ufa Goa RATS SCO UN ASEAN CIS
""")
    + [str(year) for year in range(2001, 2041)]
    + [f"{k}" for k in range(1, 120)]
)
RU_TAIL = (
    words("""
Россия Китай Индия Пакистан Казахстан Киргизия Таджикистан Узбекистан Иран
Беларусь Монголия Шанхай Астана Бишкек Душанбе Ташкент Москва Пекин Дели
Исламабад Тегеран Минск Самарканд Циндао Уфа РАТС ШОС ООН АСЕАН СНГ
""")
    + [str(year) for year in range(2001, 2041)]
    + [f"{k}" for k in range(1, 120)]
)
ZH_TAIL = (
    words("""
俄罗斯 中国 印度 巴基斯坦 哈萨克斯坦 吉尔吉斯斯坦 塔吉克斯坦 乌兹别克斯坦 伊朗
白俄罗斯 蒙古 上海 阿斯塔纳 比什凯克 杜尚别 塔什干 莫斯科 北京 新德里 伊斯兰堡
德黑兰 明斯克 撒马尔罕 青岛 乌法 上合组织 联合国 东盟 独联体
""")
    + [f"{year}年" for year in range(2001, 2041)]
    + [f"第{k}条" for k in range(1, 120)]
)

TAIL_SHARE = 0.08
"""Share of words drawn from the tail; the rest follow Zipf's law over the core words."""


class Vocabulary:
    """Words of one language drawn as in real text: a few very common, most rare."""

    def __init__(self, core: list[str], tail: list[str]) -> None:
        self.core = core
        self.tail = tail
        # Zipf's law: the word of rank r is drawn with weight 1 / r.
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(core) + 1)))

    def words(self, rng: random.Random, count: int) -> list[str]:
        """Count words drawn at random."""
        core = rng.choices(self.core, cum_weights=self.cumulative, k=count)
        return [rng.choice(self.tail) if rng.random() < TAIL_SHARE else word for word in core]


VOCABULARIES = {
    "en": Vocabulary(EN_WORDS, EN_TAIL),
    "ru": Vocabulary(RU_WORDS, RU_TAIL),
    "zh": Vocabulary(ZH_WORDS, ZH_TAIL),
}


def paragraph(rng: random.Random, lang: str) -> str:
    """One paragraph of plausible treaty language."""
    vocabulary = VOCABULARIES[lang]
    if lang == "zh":
        pieces: list[str] = []
        length = 0
        while length < ZH_CHARS_PER_PARAGRAPH:
            (word,) = vocabulary.words(rng, 1)
            pieces.append(word)
            length += len(word)
            if rng.random() < 0.12:
                pieces.append("，")
                length += 1
        return "".join(pieces) + "。"
    words = vocabulary.words(rng, WORDS_PER_PARAGRAPH)
    words[0] = words[0].capitalize()
    for k in range(5, WORDS_PER_PARAGRAPH - 1, 9):
        words[k] += ","
    return " ".join(words) + "."


def edit(rng: random.Random, text: str, lang: str) -> str:
    """The same paragraph with a few words replaced, inserted or removed."""
    vocabulary = VOCABULARIES[lang]
    if lang == "zh":
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars) - 1)
            action = rng.random()
            (word,) = vocabulary.words(rng, 1)
            if action < 0.6:
                chars[at : at + 2] = list(word)
            elif action < 0.85:
                chars[at:at] = list(word)
            else:
                del chars[at : at + 2]
        return "".join(chars)
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(1, len(words) - 1)
        action = rng.random()
        (word,) = vocabulary.words(rng, 1)
        if action < 0.6:
            words[at] = word
        elif action < 0.85:
            words.insert(at, word)
        else:
            del words[at]
    return " ".join(words)


def document(rng: random.Random, lang: str) -> list[tuple[str, str]]:
    """A keyed document of PARAGRAPHS paragraphs."""
    return [(f"p{k + 1}", paragraph(rng, lang)) for k in range(PARAGRAPHS)]


def revise(
    rng: random.Random, doc: list[tuple[str, str]], lang: str, share: float
) -> list[tuple[str, str]]:
    """A revision with the given share of paragraphs edited."""
    edited = set(rng.sample(range(len(doc)), round(share * len(doc))))
    return [
        (key, edit(rng, text, lang) if k in edited else text) for k, (key, text) in enumerate(doc)
    ]


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and CPU time of a measured call, in milliseconds."""

    wall: float
    cpu: float


def median_ms(function: Callable[[], object], repeat: int) -> Timing:
    """Median wall and CPU time of function over repeat calls."""
    gc.collect()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(statistics.median(walls) * 1000, statistics.median(cpus) * 1000)


def per_call_ms(calls: list[Callable[[], object]], count: int) -> Timing:
    """Median wall and CPU time of one call, cycling count times over calls."""
    gc.collect()
    walls, cpus = [], []
    for k in range(count):
        function = calls[k % len(calls)]
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(statistics.median(walls) * 1000, statistics.median(cpus) * 1000)


def _plain_difflib(
    old: list[tuple[str, str]], new: list[tuple[str, str]], lang: str, budget: float, queue: Queue
) -> None:
    """Child process: plain difflib (default autojunk) over the whole documents' tokens.

    The kernel stops the child (SIGXCPU) once it has used budget CPU seconds.
    """
    a = tokenize("\n".join(text for _, text in old), lang)
    b = tokenize("\n".join(text for _, text in new), lang)
    gc.collect()
    used = time.process_time()
    limit = int(used + budget) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 5))
    cpu = time.process_time()
    difflib.SequenceMatcher(None, a, b).get_opcodes()
    queue.put((time.process_time() - cpu) * 1000)


def whole_document_difflib_cpu_ms(
    old: list[tuple[str, str]], new: list[tuple[str, str]], lang: str, budget: float
) -> tuple[float, bool]:
    """CPU time of one plain difflib run, in a child allowed budget CPU seconds.

    Returns (milliseconds, finished); when the child ran out of budget the
    time is the budget, a lower bound.  CPU time rather than wall time, so
    that other work on the machine does not inflate the figure.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_plain_difflib, args=(old, new, lang, budget, queue))
    child.start()
    child.join()
    if child.exitcode != 0 or queue.empty():
        return budget * 1000, False
    return queue.get(), True


def verdict(timing: Timing, target: float) -> str:
    """PASS when the wall time meets the target; say so when only CPU time does."""
    if timing.wall <= target:
        return "PASS"
    return "MISS (CPU PASS)" if timing.cpu <= target else "MISS"


def row(lang: str, case: str, timing: Timing, target: float, digits: int, *rest: str) -> tuple:
    """One line of the results table."""
    return (
        lang,
        case,
        f"{timing.wall:.{digits}f}",
        f"{timing.cpu:.{digits}f}",
        f"≤ {target:g}",
        verdict(timing, target),
        *rest,
    )


def main() -> None:
    """Build the documents, time everything and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the whole-document difflib runs")
    parser.add_argument(
        "--difflib-budget",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="CPU seconds allowed to each whole-document difflib run (default 120)",
    )
    args = parser.parse_args()

    rows: list[tuple[str, ...]] = []
    for lang in ("en", "ru", "zh"):
        rng = random.Random(f"{SEED}-{lang}")
        old = document(rng, lang)
        light = revise(rng, old, lang, 0.05)
        heavy = revise(rng, old, lang, 0.98)
        tokens = sum(len(tokenize(text, lang)) for _, text in old)

        light_ms = median_ms(functools.partial(diff_document, old, light, lang), 5)
        heavy_ms = median_ms(functools.partial(diff_document, old, heavy, lang), 5)
        pairs = [(a, b) for (_, a), (_, b) in zip(old, light, strict=True) if a != b]
        calls = [functools.partial(diff_text, a, b, lang) for a, b in pairs]
        one_ms = per_call_ms(calls, 1000)
        if args.quick:
            plain, ratio = "skipped", "–"
        else:
            plain_ms, finished = whole_document_difflib_cpu_ms(
                old, light, lang, args.difflib_budget
            )
            bound = "" if finished else "> "
            plain = f"{bound}{plain_ms:,.0f}"
            ratio = f"{bound}{plain_ms / light_ms.cpu:,.0f}×"
        print(f"{lang}: done", file=sys.stderr, flush=True)
        case = f"5% edited ({len(pairs)} ¶ of {tokens:,} tokens)"
        rows += [
            row(lang, case, light_ms, TARGET_DOCUMENT_MS, 1, plain, ratio),
            row(lang, "98% edited (worst case)", heavy_ms, TARGET_WORST_MS, 1, "", ""),
            row(lang, "one paragraph (median of 1000)", one_ms, TARGET_PARAGRAPH_MS, 3, "", ""),
        ]
    headers = (
        "lang",
        "case",
        "wall (ms)",
        "CPU (ms)",
        "target (ms)",
        "result",
        "difflib whole doc, CPU (ms)",
        "difflib / ours (CPU)",
    )
    print_table(headers, rows)


STYLED = {
    "PASS": "[green]PASS[/]",
    "MISS": "[red]MISS[/]",
    "MISS (CPU PASS)": "[yellow]MISS (CPU PASS)[/]",
}


def print_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Print with rich when available, as aligned plain text otherwise."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"{os.cpu_count()} CPUs, load average {load} (1, 5, 15 min) at the end")
        widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
        for row in (headers, *rows):
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        return
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    table = Table(
        title=f"Redline benchmark: {PARAGRAPHS:,} paragraphs per document",
        caption=f"{os.cpu_count()} CPUs, load average {load} (1, 5, 15 min) at the end",
    )
    for header in headers:
        table.add_column(header, justify="left" if header in ("lang", "case") else "right")
    for row in rows:
        table.add_row(*(STYLED.get(cell, cell) for cell in row))
    Console(width=None if sys.stdout.isatty() else 180).print(table)


if __name__ == "__main__":
    main()
