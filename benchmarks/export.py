"""Export speed and memory next to raw openpyxl, in the same run.

    .venv/bin/python benchmarks/export.py [--sizes 10000,100000,1000000] [--repeat 2]

For each size a separate SQLite database under /tmp is migrated and seeded
with bulk inserts (kept between runs). Then, alternating, each measurement
runs in its own subprocess:

- ``ours``: the engine's XLSX exporter (Summary with charts, Responses,
  Comments; every cell sanitised) over ``ExportData`` for the page;
- ``raw``: openpyxl write-only writing the same Responses and Comments
  rows/columns streamed from the same database with the same chunked queries,
  without sanitising, summary or chart.

Time is wall-clock of the export inside the child; peak RSS is the child's
``ru_maxrss`` from ``os.wait4``. Results and ratios go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 10_000


def django_setup(db: str) -> None:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "feedbacksite.settings.dev")
    import django

    django.setup()


def child_env(db: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "feedbacksite.settings.dev"}


def seed(db: str, size: int) -> None:
    """Migrate and fill the database with ``size`` responses on one page (child process)."""
    django_setup(db)
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from feedback.models import Answer, FeedbackForm, Question, Response

    call_command("migrate", verbosity=0)
    if Response.objects.count() == size:
        return
    Response.objects.all().delete()
    locale = Locale.objects.get_or_create(language_code="sv")[0]
    form = FeedbackForm(title="Bench", locale=locale)
    for index, (key, type_, options) in enumerate(
        [
            ("helpful", "yes_no", {}),
            ("stars", "rating", {}),
            ("topics", "single_choice", {"choices": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}]}),
            ("comment", "long_text", {}),
        ]
    ):
        form.questions.add(Question(key=key, type=type_, label=key, options=options, sort_order=index, locale=locale))
    form.save()
    root = Site.objects.get(is_default_site=True).root_page
    page = root.add_child(instance=Page(title="Bench page", slug=f"bench-{size}"))
    questions = {q.key: q for q in form.questions.all()}
    now = timezone.now()
    for start in range(0, size, BATCH):
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    page=page,
                    source_page_id=page.pk,
                    page_title=page.title,
                    page_url="/bench/",
                    page_translation_key=page.translation_key,
                    language_code="sv",
                    form=form,
                    form_translation_key=form.translation_key,
                    submitted_at=now - timedelta(seconds=30 * i),
                )
                for i in range(start, min(size, start + BATCH))
            )
            answers = []
            for r in responses:
                n = r.pk
                values = [("helpful", {"choice": "yes" if n % 3 else "no"}), ("stars", {"number": 1 + n % 5})]
                values.append(("topics", {"choice": "ab"[n % 2]}))
                if n % 4 == 0:
                    values.append(("comment", {"text": f"Kommentar nummer {n}: bra sida =1+1"}))
                answers += [
                    Answer(response=r, question=(q := questions[key]), question_key=key, question_type=q.type, **v)
                    for key, v in values
                ]
            Answer.objects.bulk_create(answers, batch_size=BATCH)


def run_ours(db: str, out: str) -> dict:
    django_setup(db)
    from feedback.exporting.rows import ExportData, ExportScope
    from feedback.exporting.xlsx import XlsxExporter
    from feedback.models import Response

    page_id = Response.objects.values_list("source_page_id", flat=True).first()
    started = time.perf_counter()
    rows = XlsxExporter().write(ExportData(ExportScope(scope="page", page_id=page_id)), Path(out), lambda n: None)
    return {"seconds": time.perf_counter() - started, "rows": rows}


def run_raw(db: str, out: str) -> dict:
    django_setup(db)
    from collections import defaultdict

    from django.utils import timezone
    from openpyxl import Workbook

    from feedback.models import Answer, Response

    page_id = Response.objects.values_list("source_page_id", flat=True).first()
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Responses")
    comments = wb.create_sheet("Comments")
    ws.append(["Submitted at", "Language", "Page title", "Page URL", "helpful", "stars", "topics", "comment"])
    comments.append(["Submitted at", "Language", "Page title", "Page URL", "Question", "Comment"])
    fields = ("id", "submitted_at", "language_code", "page_title", "page_url")
    stream = (
        Response.objects.filter(source_page_id=page_id)
        .exclude(status="spam")
        .order_by("submitted_at", "id")
        .values_list(*fields)
        .iterator(2000)
    )
    count = 0

    def flush(chunk: list) -> None:
        values: dict = defaultdict(dict)
        for rid, key, number, choice, text in Answer.objects.filter(response_id__in=[c[0] for c in chunk]).values_list(
            "response_id", "question_key", "number", "choice", "text"
        ):
            values[rid][key] = choice or number or text
        for rid, at, lang, title, url in chunk:
            a = values.get(rid, {})
            local = timezone.localtime(at).replace(tzinfo=None)
            ws.append([local, lang, title, url, a.get("helpful"), a.get("stars"), a.get("topics"), a.get("comment")])
            if a.get("comment"):
                comments.append([local, lang, title, url, "comment", a["comment"]])

    chunk: list = []
    for item in stream:
        chunk.append(item)
        count += 1
        if len(chunk) == 2000:
            flush(chunk)
            chunk = []
    if chunk:
        flush(chunk)
    wb.save(out)
    return {"seconds": time.perf_counter() - started, "rows": count}


def measure(kind: str, db: str) -> dict:
    out = f"/tmp/feedback-bench-{kind}-{os.getpid()}.xlsx"
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--db", db, "--out", out],
        env=child_env(db),
        stdout=subprocess.PIPE,
        text=True,
    )
    stdout = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{kind} failed with status {status}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    Path(out).unlink(missing_ok=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", choices=["ours", "raw", "seed"])
    parser.add_argument("--db")
    parser.add_argument("--out")
    parser.add_argument("--size", type=int)
    args = parser.parse_args()

    if args.child == "seed":
        seed(args.db, args.size)
        return
    if args.child:
        result = (run_ours if args.child == "ours" else run_raw)(args.db, args.out)
        print(json.dumps(result))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'size':>9} {'ours s':>8} {'raw s':>8} {'time ×':>7} {'ours MB':>8} {'raw MB':>8}")
    summary = {}
    for size in sizes:
        db = f"/tmp/feedback-bench-{size}.sqlite3"
        subprocess.run(
            [sys.executable, __file__, "--child", "seed", "--db", db, "--size", str(size)],
            env=child_env(db),
            check=True,
        )
        ours, raw = [], []
        for _ in range(args.repeat):  # alternate so that drift hits both alike
            ours.append(measure("ours", db))
            raw.append(measure("raw", db))
        best_ours = min(r["seconds"] for r in ours)
        best_raw = min(r["seconds"] for r in raw)
        rss_ours = max(r["peak_rss_mb"] for r in ours)
        rss_raw = max(r["peak_rss_mb"] for r in raw)
        summary[size] = rss_ours
        ratio = best_ours / best_raw
        line = f"{size:>9} {best_ours:>8.2f} {best_raw:>8.2f} {ratio:>7.2f} {rss_ours:>8.1f} {rss_raw:>8.1f}"
        print(line, flush=True)
    if len(summary) > 1:
        smallest = summary[min(summary)]
        for size, rss in sorted(summary.items()):
            print(f"peak RSS at {size}: {rss - smallest:+.1f} MB vs {min(summary)}")


if __name__ == "__main__":
    main()
