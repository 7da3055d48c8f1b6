"""Benchmark of the archive search (concilium.search) against its performance targets.

Why: delegates and the secretariat search the whole archive while they draft; the
search must answer at the speed of typing on the embedded SQLite default and on PostgreSQL.
This script builds an archive of 100,000 paragraphs (``--quick``: 10,000), one third each in
English, Russian and Chinese, about 30 words each, from a diplomatic vocabulary, in a
temporary database, indexes it with the real code (``index_rebuild``), and times searches
through the same call the API makes (``selectors.search``: refresh check, one ranked query
with LIMIT 20, snippets with <mark>):

* one-word queries per language (Chinese: a two-character word inside unbroken text):
  SQLite p95 at most 5 ms;
* Russian queries in a word form different from the ones in the text (stemmed): SQLite p95
  at most 10 ms;
* the first search after a write (a paragraph edited through the service, which the index
  takes in before the search reads) at most 2x a clean search, at p50 and p95;
* PostgreSQL: p50 and p95 within 2x of SQLite's for the same queries, kind by kind; also
  reported, the mean CPU per search of this process and the PostgreSQL server process
  together (from /proc) against SQLite's, which a busy machine disturbs less than wall time.

Floors, measured in the same run on the same database: the bare engine query for the same
words, analysed beforehand (FTS5 ``MATCH`` with LIMIT 20 on SQLite; ``tsv @@ tsquery`` with
LIMIT 20 on PostgreSQL, block of ids after block as searches read the index), without
ranking, access filters or snippets.

Each backend runs in its own process with its own database: SQLite in a temporary file,
PostgreSQL in a database ``concilium_bench_search`` created and dropped on
postgres://postgres@127.0.0.1:5432 (skipped with a message when unreachable; set
BENCH_POSTGRES_URL to use another server, or DATABASE_URL to a PostgreSQL database, whose
server is then used; BENCH_DB names the database).

Run: ``.venv/bin/python bench/search.py [--quick] [--backend sqlite|postgresql]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Figure, table  # noqa: E402 (the project root first on the path)

PARAGRAPHS = 100_000
QUICK_PARAGRAPHS = 10_000
PARAGRAPHS_PER_DOCUMENT = 30
WORDS_PER_PARAGRAPH = 30
QUERIES = 300  # per language and kind
WARM_UP = 30  # queries per kind, all kinds, before any is timed
SEED = 20_010_615  # the SCO was founded on 15 June 2001

TARGET_ONE_WORD_MS = 5.0
TARGET_RU_STEMMED_MS = 10.0
TARGET_PG_RATIO = 2.0

def _postgres_server() -> str:
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        return given.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL") or _postgres_server()
BENCH_DB = os.environ.get("BENCH_DB", "concilium_bench_search")
AFTER_WRITE = 60  # searches, each right after a paragraph edit
TARGET_AFTER_WRITE_RATIO = 2.0

_EN_TEXT = """
member states parties cooperation strengthen develop promote ensure support security
stability peace region regional international organization council heads government
ministers foreign affairs defence economic trade investment transport energy connectivity
infrastructure digital innovation culture education health tourism youth terrorism
separatism extremism drug trafficking transnational organized crime information cyber
sovereignty territorial integrity mutual respect trust equality consultation diversity
civilizations development principles charter agreement convention protocol declaration
resolution implementation mechanism framework dialogue partners observers secretariat
structure executive committee joint exercises border measures confidence building
sustainable climate environment water resources food agriculture poverty reduction
financial banking payments currencies settlements multilateral system nations law order
fair inclusive open transparent efforts initiatives pandemic vaccines medicine science
technology research students universities exchanges media sport women entrepreneurs
customs logistics railways roads corridors ports aviation satellites navigation
telecommunications industry manufacturing industrial parks special zones markets access
barriers tariffs disputes arbitration courts judges prosecutors police intelligence
weapons missiles nuclear disarmament proliferation chemical biological outer space arms
race threats challenges risks emergencies disasters relief humanitarian assistance refugees
migration labour employment social protection pensions housing cities urban rural
villages poverty hunger nutrition fisheries forests deserts glaciers rivers lakes seas
"""
EN_WORDS = _EN_TEXT.split()
EN_GLUE = ["the", "of", "and", "to", "in", "for", "on", "with", "by", "as", "at", "from", "that",
           "which"]

# Russian: several forms per lemma; the text uses some forms, the stemmed queries others.
RU_LEMMAS = [
    ("сотрудничество", "сотрудничества", "сотрудничеству", "сотрудничеством", "сотрудничестве"),
    ("терроризм", "терроризма", "терроризму", "терроризмом", "терроризме"),
    ("экстремизм", "экстремизма", "экстремизму", "экстремизмом", "экстремизме"),
    ("сепаратизм", "сепаратизма", "сепаратизму", "сепаратизмом", "сепаратизме"),
    ("безопасность", "безопасности", "безопасностью"),
    ("стабильность", "стабильности", "стабильностью"),
    ("государство", "государства", "государству", "государством", "государстве",
     "государств", "государствам", "государствами", "государствах"),
    ("организация", "организации", "организацию", "организацией", "организаций"),
    ("наркотический", "наркотического", "наркотических", "наркотическим", "наркотическими"),
    ("средство", "средства", "средств", "средствам", "средствами"),
    ("торговля", "торговли", "торговлю", "торговлей"),
    ("развитие", "развития", "развитию", "развитием", "развитии"),
    ("экономический", "экономического", "экономических", "экономическим", "экономическое"),
    ("транспортный", "транспортного", "транспортных", "транспортным", "транспортной"),
    ("энергетика", "энергетики", "энергетике", "энергетикой"),
    ("инвестиция", "инвестиции", "инвестиций", "инвестициям", "инвестициями"),
    ("граница", "границы", "границе", "границей", "границ", "границам"),
    ("суверенитет", "суверенитета", "суверенитету", "суверенитетом"),
    ("целостность", "целостности", "целостностью"),
    ("уважение", "уважения", "уважению", "уважением"),
    ("доверие", "доверия", "доверию", "доверием"),
    ("равенство", "равенства", "равенству", "равенством"),
    ("консультация", "консультации", "консультаций", "консультациям"),
    ("цивилизация", "цивилизации", "цивилизаций", "цивилизациями"),
    ("принцип", "принципа", "принципы", "принципов", "принципам", "принципами"),
    ("хартия", "хартии", "хартию", "хартией"),
    ("соглашение", "соглашения", "соглашению", "соглашением", "соглашений"),
    ("конвенция", "конвенции", "конвенцию", "конвенцией"),
    ("декларация", "декларации", "декларацию", "декларацией"),
    ("механизм", "механизма", "механизмы", "механизмов", "механизмом"),
    ("диалог", "диалога", "диалогу", "диалогом", "диалоге"),
    ("партнёр", "партнёра", "партнёры", "партнёров", "партнёрами"),
    ("наблюдатель", "наблюдателя", "наблюдатели", "наблюдателей"),
    ("секретариат", "секретариата", "секретариату", "секретариатом"),
    ("учение", "учения", "учений", "учениях"),
    ("мера", "меры", "мер", "мерам", "мерами"),
    ("климат", "климата", "климату", "климатом"),
    ("окружающий", "окружающей", "окружающую"),
    ("среда", "среды", "среде", "средой"),
    ("ресурс", "ресурса", "ресурсы", "ресурсов", "ресурсами"),
    ("продовольствие", "продовольствия", "продовольственной"),
    ("бедность", "бедности", "бедностью"),
    ("финансовый", "финансового", "финансовых", "финансовым"),
    ("банковский", "банковского", "банковских", "банковским"),
    ("расчёт", "расчёта", "расчёты", "расчётов", "расчётах"),
    ("валюта", "валюты", "валют", "валютах"),
    ("многосторонний", "многостороннего", "многосторонних", "многосторонним"),
    ("система", "системы", "систему", "системой", "систем"),
    ("право", "права", "праву", "правом", "праве"),
    ("порядок", "порядка", "порядку", "порядком"),
    ("инициатива", "инициативы", "инициативу", "инициативой", "инициатив"),
    ("пандемия", "пандемии", "пандемию", "пандемией"),
    ("вакцина", "вакцины", "вакцин", "вакцинами"),
    ("наука", "науки", "науке", "наукой"),
    ("технология", "технологии", "технологий", "технологиям"),
    ("образование", "образования", "образованию", "образованием"),
    ("культура", "культуры", "культуре", "культурой"),
    ("здравоохранение", "здравоохранения", "здравоохранению"),
    ("туризм", "туризма", "туризму", "туризмом"),
    ("молодёжь", "молодёжи", "молодёжью"),
    ("таможенный", "таможенного", "таможенных", "таможенным"),
    ("железная", "железной", "железные", "железных"),
    ("дорога", "дороги", "дорогу", "дорог", "дорогам"),
    ("коридор", "коридора", "коридоры", "коридоров"),
    ("промышленность", "промышленности", "промышленностью"),
    ("рынок", "рынка", "рынки", "рынков", "рынкам"),
    ("оружие", "оружия", "оружию", "оружием"),
    ("космический", "космического", "космическом", "космических"),
    ("пространство", "пространства", "пространству", "пространстве"),
    ("угроза", "угрозы", "угрозу", "угрозой", "угроз", "угрозам"),
    ("вызов", "вызова", "вызовы", "вызовов", "вызовам"),
    ("чрезвычайный", "чрезвычайных", "чрезвычайной", "чрезвычайным"),
    ("ситуация", "ситуации", "ситуацию", "ситуацией", "ситуаций"),
    ("гуманитарный", "гуманитарной", "гуманитарных", "гуманитарную"),
    ("помощь", "помощи", "помощью"),
    ("миграция", "миграции", "миграцию", "миграцией"),
    ("занятость", "занятости", "занятостью"),
    ("социальный", "социальной", "социальных", "социальную"),
    ("защита", "защиты", "защите", "защиту", "защитой"),
    ("город", "города", "городу", "городом", "городов", "городах"),
    ("регион", "региона", "региону", "регионом", "регионе", "регионов"),
    ("министр", "министра", "министры", "министров", "министрами"),
    ("совет", "совета", "совету", "советом", "совете"),
    ("глава", "главы", "главе", "главой", "глав"),
    ("делегация", "делегации", "делегаций", "делегациями"),
    ("заседание", "заседания", "заседанию", "заседании"),
]
RU_GLUE = ["и", "в", "на", "с", "по", "для", "о", "к", "от", "что", "как", "а", "также"]

_ZH_TEXT = """
成员国 合作 加强 发展 促进 确保 支持 安全 稳定 和平 地区 国际 组织 理事会 元首 政府
部长 外交 国防 经济 贸易 投资 交通 能源 互联互通 基础设施 数字 创新 文化 教育 卫生
旅游 青年 恐怖主义 分裂主义 极端主义 毒品 贩运 跨国 有组织 犯罪 信息 网络 主权 领土
完整 相互 尊重 信任 平等 协商 多样 文明 原则 宪章 协定 公约 议定书 宣言 决议 执行
机制 框架 对话 伙伴 观察员 秘书处 机构 执行委员会 联合 演习 边境 措施 建立 可持续
气候 环境 水资源 粮食 农业 减贫 金融 银行 支付 货币 结算 多边 体系 联合国 法律 秩序
公平 包容 开放 透明 努力 倡议 疫情 疫苗 医学 科学 技术 研究 学生 大学 交流 媒体
体育 妇女 企业家 海关 物流 铁路 公路 走廊 港口 航空 卫星 导航 电信 工业 制造
园区 特区 市场 准入 壁垒 关税 争端 仲裁 法院 法官 检察官 警察 情报 武器 导弹
核 裁军 扩散 化学 生物 外空 军备 竞赛 威胁 挑战 风险 紧急 灾害 救援 人道主义 援助
难民 移民 劳动 就业 社会 保障 养老金 住房 城市 农村 村庄 贫困 饥饿 营养 渔业
森林 沙漠 冰川 河流 湖泊 海洋
"""
ZH_WORDS = _ZH_TEXT.split()
ZH_GLUE = list("的和在与为对将以及")


def _en_paragraph(rng: random.Random) -> str:
    words = [rng.choice(EN_GLUE) if rng.random() < 0.3 else rng.choice(EN_WORDS)
             for _ in range(WORDS_PER_PARAGRAPH)]
    return " ".join(words).capitalize() + "."


def _ru_text_form(lemma: tuple[str, ...], rng: random.Random) -> str:
    # The texts use the first forms of a lemma; the last is kept for the stemmed queries.
    forms = lemma[:-1] if len(lemma) > 2 else lemma
    return rng.choice(forms)


def _ru_paragraph(rng: random.Random) -> str:
    words = [rng.choice(RU_GLUE) if rng.random() < 0.3
             else _ru_text_form(rng.choice(RU_LEMMAS), rng) for _ in range(WORDS_PER_PARAGRAPH)]
    return " ".join(words).capitalize() + "."


def _zh_paragraph(rng: random.Random) -> str:
    parts = []
    for i in range(WORDS_PER_PARAGRAPH):
        parts.append(rng.choice(ZH_GLUE) if rng.random() < 0.25 else rng.choice(ZH_WORDS))
        if i % 8 == 7:
            parts.append("，")
    return "".join(parts) + "。"


MAKERS = {"en": _en_paragraph, "ru": _ru_paragraph, "zh": _zh_paragraph}


def _queries(rng: random.Random) -> dict[str, list[str]]:
    """Words to search for, per kind; each is known to occur in the archive."""
    zh_two = [w for w in ZH_WORDS if len(w) == 2]
    return {
        "en": [rng.choice(EN_WORDS) for _ in range(QUERIES)],
        "ru": [_ru_text_form(rng.choice(RU_LEMMAS), rng) for _ in range(QUERIES)],
        "ru stemmed": [rng.choice([lemma for lemma in RU_LEMMAS if len(lemma) > 2])[-1]
                       for _ in range(QUERIES)],
        "zh": [rng.choice(zh_two) for _ in range(QUERIES)],
    }


# --- Child: one backend, one database ---------------------------------------------------------

def child(paragraphs: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concilium.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from concilium.documents.models import Document, Paragraph, ParagraphText
    from concilium.documents.services import paragraph_text_set
    from concilium.organization.models import Body, DocumentType
    from concilium.organization.services import organization_init_from_file
    from concilium.rules.permissions import SYSTEM, Actor, Role
    from concilium.search import selectors, services
    from concilium.search.analysis import query_terms
    from concilium.search.backends import backend_for
    from concilium.search.models import Entry

    call_command("migrate", verbosity=0)
    organization_init_from_file(path="sco", acting_user=SYSTEM)
    rng = random.Random(SEED)
    statement = DocumentType.objects.get(slug="statement")
    bodies = list(Body.objects.all())
    levels = ["public", "released", "members"]

    started = time.perf_counter()
    documents = paragraphs // PARAGRAPHS_PER_DOCUMENT
    langs = list(MAKERS)
    with transaction.atomic():
        Document.objects.bulk_create([
            Document(symbol=f"SCO/BENCH/{i}", doc_type=statement, titles={"en": f"Bench {i}"},
                     origin_body=bodies[i % len(bodies)], approving_body=bodies[i % len(bodies)],
                     classification=levels[i % 3], original_language=langs[i % 3])
            for i in range(documents)], batch_size=2_000)
        docs = list(Document.objects.values_list("id", "original_language"))
        Paragraph.objects.bulk_create([
            Paragraph(document_id=doc_id, key=f"p{n}", position=n, number=n)
            for doc_id, _ in docs for n in range(1, PARAGRAPHS_PER_DOCUMENT + 1)],
            batch_size=5_000)
        lang_of = dict(docs)
        ParagraphText.objects.bulk_create([
            ParagraphText(paragraph_id=pk, lang=lang_of[doc_id],
                          text=MAKERS[lang_of[doc_id]](rng), edit_seq=1)
            for pk, doc_id in Paragraph.objects.values_list("id", "document_id")],
            batch_size=5_000)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    services.index_rebuild()
    build = time.perf_counter() - started
    entries = Entry.objects.filter(kind="paragraph").count()

    observer = Actor(username="observer", role=Role.OBSERVER)
    server_cpu = _server_cpu_clock(connection)
    timings: dict[str, list[float]] = {}
    cpu_times: dict[str, list[float]] = {}
    cpu_means: dict[str, float] = {}  # this process and the database server, per search
    found: dict[str, float] = {}
    queries = _queries(random.Random(SEED + 1))
    for words in queries.values():  # warm-up: caches, statements, pages
        for word in words[:WARM_UP]:
            selectors.search(actor=SYSTEM, q=word)
    for kind, words in queries.items():
        times, cpu, hits = [], [], 0
        both = time.process_time() + server_cpu()
        for word in words:
            t, c = time.perf_counter(), time.process_time()
            results = selectors.search(actor=SYSTEM, q=word)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            hits += len(results)
            assert not results or "<mark>" in results[0].snippet, (word, results[0])
        cpu_means[kind] = (time.process_time() + server_cpu() - both) * 1000 / len(words)
        timings[kind] = times
        cpu_times[kind] = cpu
        found[kind] = hits / len(words)
    times, cpu = [], []
    words = _queries(random.Random(SEED + 2))["en"]
    both = time.process_time() + server_cpu()
    for word in words:
        t, c = time.perf_counter(), time.process_time()
        selectors.search(actor=observer, q=word)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    cpu_means["en, as observer"] = (time.process_time() + server_cpu() - both) * 1000 / len(words)
    timings["en, as observer"] = times
    cpu_times["en, as observer"] = cpu

    # Floors: the bare engine query for the same words, analysed beforehand.
    backend = backend_for()
    bare = ("SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT 20"
            if connection.vendor == "sqlite" else
            f"SELECT c.id FROM {backend.blocks_sql()} CROSS JOIN LATERAL (SELECT e.id "
            "FROM search_entry e WHERE e.tsv @@ b.q) c LIMIT 20")
    floors: dict[str, dict] = {}
    with connection.cursor() as cursor:
        for kind, words in queries.items():
            matches = [backend.match(query_terms(word)) for word in words]
            for match in matches[:WARM_UP]:
                cursor.execute(bare, [match])
                cursor.fetchall()
            times = []
            for match in matches:
                t = time.perf_counter()
                cursor.execute(bare, [match])
                cursor.fetchall()
                times.append((time.perf_counter() - t) * 1000)
            floors[kind] = {"p50": statistics.median(times), "p95": _p95(times)}
    floors["en, as observer"] = floors["en"]

    # The first search after a write: a paragraph edited through its service, then a search.
    words = _queries(random.Random(SEED + 3))["en"][:AFTER_WRITE]
    symbols = list(Document.objects.filter(original_language="en").order_by("id")
                   .values_list("symbol", flat=True)[:AFTER_WRITE])
    clean, after = [], []
    for i, (word, symbol) in enumerate(zip(words, symbols, strict=False)):
        t = time.perf_counter()
        selectors.search(actor=SYSTEM, q=word)
        clean.append((time.perf_counter() - t) * 1000)
        paragraph_text_set(symbol=symbol, paragraph=1 + i % PARAGRAPHS_PER_DOCUMENT, lang="en",
                           text=MAKERS["en"](rng), expected_version=None, acting_user=SYSTEM)
        t = time.perf_counter()
        selectors.search(actor=SYSTEM, q=word)
        after.append((time.perf_counter() - t) * 1000)
    return {
        "floors": floors,
        "after_write": {"clean_p50": statistics.median(clean), "clean_p95": _p95(clean),
                        "p50": statistics.median(after), "p95": _p95(after)},
        "backend": connection.vendor, "paragraphs": entries, "generate_s": generated,
        "build_s": build,
        "stats": {kind: {"p50": statistics.median(ts), "p95": _p95(ts),
                         "cpu_p95": _p95(cpu_times[kind]), "cpu_mean": cpu_means[kind],
                         "hits": found.get(kind, 20)}
                  for kind, ts in timings.items()},
    }


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _server_cpu_clock(connection):
    """Seconds of CPU the database server process of `connection` has used (from /proc, on
    this machine); always 0 for SQLite, which runs inside this process."""
    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    stat, tick = Path(f"/proc/{pid}/stat"), os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a server on another machine: its CPU is not seen
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return clock


# --- Parent: one child per backend, then the verdict ------------------------------------------

def run_child(database_url: str, paragraphs: int, var_dir: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "CONCILIUM_VAR_DIR": var_dir,
           "DJANGO_SETTINGS_MODULE": "concilium.settings"}
    out = subprocess.run([sys.executable, __file__, "--child", "--paragraphs", str(paragraphs)],
                         env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"the {database_url.split(':')[0]} run failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_sqlite(paragraphs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="concilium-bench-search-") as tmp:
        return run_child(f"sqlite:///{tmp}/bench.sqlite3", paragraphs, tmp)


def run_postgresql(paragraphs: int) -> dict | None:
    try:
        import psycopg

        admin = psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True, connect_timeout=3)
    except Exception as error:  # any failure to connect means: skip
        print(f"PostgreSQL: skipped, {POSTGRES_URL} is not reachable ({error}).".strip())
        return None
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
        try:
            with tempfile.TemporaryDirectory(prefix="concilium-bench-search-") as tmp:
                return run_child(f"{POSTGRES_URL}/{BENCH_DB}", paragraphs, tmp)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def report(runs: dict[str, dict]) -> bool:
    sqlite = runs.get("sqlite")
    all_ok = True
    for name, run in runs.items():
        print(f"\n{name}: {run['paragraphs']:,} paragraphs indexed in {run['build_s']:.1f} s "
              f"(archive generated in {run['generate_s']:.1f} s); hits per query: "
              + ", ".join(f"{k} {s['hits']:.1f}" for k, s in run["stats"].items()))
        figures = []
        for kind, stats in run["stats"].items():
            floor = run["floors"][kind]
            limit = TARGET_RU_STEMMED_MS if kind == "ru stemmed" else TARGET_ONE_WORD_MS
            figures.append(Figure(f"{kind} p50", stats["p50"], floor["p50"]))
            figures.append(Figure(f"{kind} p95", stats["p95"], floor["p95"],
                                  most=limit if name == "sqlite" else None,
                                  note=f"CPU p95 {stats['cpu_p95']:.2f} ms"))
        after = run["after_write"]
        figures.append(Figure("after a write p50", after["p50"], after["clean_p50"],
                              most_ratio=TARGET_AFTER_WRITE_RATIO,
                              note="floor: a clean search"))
        figures.append(Figure("after a write p95", after["p95"], after["clean_p95"],
                              most_ratio=TARGET_AFTER_WRITE_RATIO,
                              note="floor: a clean search"))
        all_ok &= table(f"{name}: search (floor: the bare engine query)", figures)
        if name != "sqlite" and sqlite:
            versus = [Figure(f"{kind} {q}", stats[q], sqlite["stats"][kind][q],
                             most_ratio=TARGET_PG_RATIO)
                      for kind, stats in run["stats"].items() if kind in sqlite["stats"]
                      for q in ("p50", "p95")]
            all_ok &= table(f"{name} against SQLite (floor: SQLite, same queries)", versus)
            # CPU does not wait for a busy machine's scheduler as wall time does.
            table(f"{name} against SQLite: CPU per search, this process and the server "
                  "(mean; floor: SQLite, same queries)",
                  [Figure(f"{kind} CPU", stats["cpu_mean"], sqlite["stats"][kind]["cpu_mean"])
                   for kind, stats in run["stats"].items() if kind in sqlite["stats"]])
    return all_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_PARAGRAPHS:,} paragraphs instead of {PARAGRAPHS:,}")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--paragraphs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.paragraphs)))
        return 0
    paragraphs = args.paragraphs or (QUICK_PARAGRAPHS if args.quick else PARAGRAPHS)
    backends = args.backend or ["sqlite", "postgresql"]
    print(f"Search benchmark: {paragraphs:,} paragraphs (en/ru/zh, {WORDS_PER_PARAGRAPH} words), "
          f"{QUERIES} queries per kind after {WARM_UP} of each to warm up, LIMIT 20 with snippets.")
    print("Times are wall clock, as a user waits; 'cpu' is this process's CPU time (for "
          "PostgreSQL, without the server's, which the last table adds). Load average before: "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    runs = {}
    if "sqlite" in backends:
        runs["sqlite"] = run_sqlite(paragraphs)
    if "postgresql" in backends:
        result = run_postgresql(paragraphs)
        if result:
            runs["postgresql"] = result
    return 0 if report(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
