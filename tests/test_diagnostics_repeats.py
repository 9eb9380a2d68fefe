"""Documentation as async: repeated questions (Jaccard over words, or character pairs for
Japanese; clusters are connected components) and the share of answers that point to docs."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest
from builders import at, concat, github, pr, slack

from asyncmetrics import Config, request_threads
from asyncmetrics.charts.repeats import chart_repeated_questions, cluster_sizes
from asyncmetrics.diagnostics.repeats import (
    DOC_LINK,
    REPEAT_COLUMNS,
    doc_pointer_share,
    repeated_questions,
)

EVERYONE = Config(min_group_size=1)


def questions() -> pl.DataFrame:
    chat = concat(
        # {rotate, staging, api, key}
        slack("eng", ("ana", "Mon 09:00", "How do I rotate the staging API key?"), cid="r1"),
        # the same words in another order and channel: 1.0
        slack("ops", ("bo", "Tue 09:00", "How do I rotate the API key in staging?"), cid="r2"),
        # {rotate, api, key, production}: 3/5 = 0.6 with r1
        slack("eng", ("cy", "Wed 09:00", "Rotate the API key for production please?"), cid="r3"),
        # {production, api, secret, key}: 0.6 with r3, only 2/6 with r1: in r1's cluster
        # through r3
        slack("eng", ("dan", "Thu 09:00", "Where is the production API secret key?"), cid="r4"),
        slack("eng", ("eve", "Thu 10:00", "Where is the lunch menu?"), cid="r5"),
        # Japanese: "vpn" and character pairs; the punctuation differs, the pairs do not
        slack("it", ("fay", "Mon 10:00", "VPNがつながりません、助けてください"), cid="j1"),
        slack("it", ("gus", "Fri 10:00", "VPNがつながりません。助けてください！"), cid="j2"),
        # shares only "てく", "くだ", "ださ", "さい" with j1: 4/23
        slack("it", ("hal", "Fri 11:00", "dbtの設定方法を教えてください"), cid="j3"),
        # not a request
        slack("eng", ("ivy", "Fri 12:00", "FYI: how to rotate the staging API key"), cid="n1"),
    )
    # a pull request with the same words is not a question asked again
    pull = github(pr(5, "jo", "Fri 13:00", "Rotate the staging API key", body=""))
    return concat(chat, pull.select(chat.columns))


@pytest.fixture(scope="module")
def asked():
    events = questions()
    return events, request_threads(events)


def test_one_persons_cross_posts_and_reminders_are_not_asked_again():
    events = concat(
        slack("eng", ("ana", "Mon 09:00", "How do I rotate the staging API key?"), cid="a1"),
        slack("ops", ("ana", "Mon 09:05", "How do I rotate the staging API key?"), cid="a2"),
        slack("eng", ("ana", "Thu 09:00", "How do I rotate the staging API key??"), cid="a3"),
    )
    assert repeated_questions(request_threads(events), events).height == 0
    again = concat(
        events,
        slack("eng", ("bo", "Fri 09:00", "How do I rotate the staging API key?"), cid="b1"),
    )
    repeats = repeated_questions(request_threads(again), again)
    assert repeats["conversation_id"].to_list() == ["a1", "a2", "a3", "b1"]
    assert repeats["cluster_size"].to_list() == [4, 4, 4, 4]


def test_clusters_of_alike_requests(asked):
    events, threads = asked
    repeats = repeated_questions(threads, events)
    assert repeats.columns == REPEAT_COLUMNS
    got = [
        {k: r[k] for k in REPEAT_COLUMNS if k != "similarity_to_first"}
        | {"similarity_to_first": round(r["similarity_to_first"], 4)}
        for r in repeats.iter_rows(named=True)
    ]
    one = {"cluster": 1, "cluster_size": 4, "first_asked": at("Mon 09:00")}
    two = {"cluster": 2, "cluster_size": 2, "first_asked": at("Mon 10:00")}
    assert got == [
        {**one, "conversation_id": "r1", "channel": "eng", "requester": "ana",
         "requested_at": at("Mon 09:00"), "similarity_to_first": 1.0},
        {**one, "conversation_id": "r2", "channel": "ops", "requester": "bo",
         "requested_at": at("Tue 09:00"), "similarity_to_first": 1.0},
        {**one, "conversation_id": "r3", "channel": "eng", "requester": "cy",
         "requested_at": at("Wed 09:00"), "similarity_to_first": 0.6},
        {**one, "conversation_id": "r4", "channel": "eng", "requester": "dan",
         "requested_at": at("Thu 09:00"), "similarity_to_first": round(2 / 6, 4)},
        {**two, "conversation_id": "j1", "channel": "it", "requester": "fay",
         "requested_at": at("Mon 10:00"), "similarity_to_first": 1.0},
        {**two, "conversation_id": "j2", "channel": "it", "requester": "gus",
         "requested_at": at("Fri 10:00"), "similarity_to_first": 1.0},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("threshold", "clusters"),
    [
        (0.7, [["r1", "r2"], ["j1", "j2"]]),  # r3 and r4 are only 0.6 alike
        (0.6, [["r1", "r2", "r3", "r4"], ["j1", "j2"]]),  # "at least": 0.6 counts
        (0.15, [["r1", "r2", "r3", "r4"], ["j1", "j2", "j3"]]),  # 4/23 ≈ 0.17
    ],
)
def test_threshold(asked, threshold, clusters):
    events, threads = asked
    repeats = repeated_questions(threads, events, threshold=threshold)
    got = repeats.group_by("cluster", maintain_order=True).agg("conversation_id")
    assert got["conversation_id"].to_list() == clusters


def test_threshold_must_be_a_similarity(asked):
    with pytest.raises(ValueError, match="threshold"):
        repeated_questions(asked[1], asked[0], threshold=0)


def test_nothing_alike_gives_an_empty_frame():
    events = concat(
        slack("eng", ("ana", "09:00", "Where is the lunch menu?"), cid="a"),
        slack("eng", ("bo", "10:00", "How do I rotate the API key?"), cid="b"),
    )
    repeats = repeated_questions(request_threads(events), events)
    assert (repeats.columns, repeats.height) == (REPEAT_COLUMNS, 0)


def test_pandas_in_pandas_out(asked):
    events, threads = asked
    repeats = repeated_questions(threads.to_pandas(), events.to_pandas())
    assert isinstance(repeats, pd.DataFrame)
    assert repeats["conversation_id"].tolist() == ["r1", "r2", "r3", "r4", "j1", "j2"]


# --- doc pointers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://wiki.acme.example/it/vpn",
        "<https://acme.atlassian.net/wiki/spaces/ENG/pages/1|on-call>",
        "https://confluence.acme.com/display/ENG/Deploys",
        "https://www.notion.so/acme/Runbook-123",
        "https://acme.notion.site/Runbook",
        "https://docs.google.com/document/d/1abc/edit",
        "https://docs.acme.example/guide",
        "https://acme.example/docs/guide",
        "<https://github.com/acme/api/blob/main/README.md|the README>",
        "https://github.com/acme/api/blob/main/deploy/staging.md#rollback",
        "https://github.com/acme/api/wiki/Deploy",
        "https://doc.rust-lang.org/std/",
    ],
)
def test_doc_links(url):
    assert pl.select(pl.lit(f"see {url} for this").str.contains(DOC_LINK)).item()


@pytest.mark.parametrize(
    "text",
    [
        "https://grafana.acme.example/d/latency",
        "https://hub.docker.com/_/redis",
        "https://ci.acme.example/runs/1",
        "https://github.com/acme/api/pull/12",
        "https://acme.example/notes.mdx",
        "it is in the README",  # a mention, not a link
    ],
)
def test_not_doc_links(text):
    assert not pl.select(pl.lit(text).str.contains(DOC_LINK)).item()


def answered() -> pl.DataFrame:
    chat = concat(
        # week 1: four answered (two with docs), one unanswered
        slack(
            "help",
            ("ana", "Mon 09:00", "How do I set up the VPN?"),
            ("bo", "Mon 09:30", "See https://wiki.acme.example/it/vpn"),
            cid="d1",
        ),
        slack(
            "help",
            ("cy", "Mon 10:00", "Where is the deploy guide?"),
            ("dan", "Mon 10:20", "It's in <https://github.com/acme/api/blob/main/README.md|README>"),
            cid="d2",
        ),
        slack(
            "help",
            ("eve", "Tue 09:00", "Which dashboard shows latency?"),
            ("fay", "Tue 09:05", "https://grafana.acme.example/d/latency"),
            cid="d3",
        ),
        slack("help", ("gus", "Tue 10:00", "How do I rotate keys?"), cid="d4"),
        slack(
            "help",
            ("hal", "Wed 09:00", "Can someone restart the runner?"),
            ("ivy", "Wed 09:30", "Restarted, it is back."),
            cid="d5",
        ),
        # week 2: three answered, all with docs (d9's first actionable reply follows an ack)
        slack(
            "help",
            ("ana", "2026-07-13 09:00", "What is our on-call policy?"),
            ("bo", "2026-07-13 09:10", "<https://acme.atlassian.net/wiki/spaces/ENG/oncall>"),
            cid="d6",
        ),
        slack(
            "help",
            ("cy", "2026-07-14 09:00", "How do I request a laptop?"),
            ("dan", "2026-07-14 09:10", "Fill in https://docs.google.com/document/d/abc/edit"),
            cid="d7",
        ),
        slack(
            "help",
            ("gus", "2026-07-15 09:00", "Is there a runbook for failovers?"),
            ("hal", "2026-07-15 09:05", "looking"),
            ("hal", "2026-07-15 09:40", "https://www.notion.so/acme/Failover-runbook-1"),
            cid="d9",
        ),
        # week 3 quiet; week 4: answered without docs
        slack(
            "help",
            ("eve", "2026-07-27 09:00", "Is the staging DB down?"),
            ("fay", "2026-07-27 09:10", "Yes, it's back now, see https://status.acme.example"),
            cid="d8",
        ),
    )  # fmt: skip
    # a pull request review that links docs is not an answer to a question
    pull = github(
        pr(
            8,
            "jo",
            "Mon 11:00",
            "Add retries",
            ("review", "bo", "Mon 12:00", "COMMENTED", "see https://docs.acme.example/retries"),
        )
    )
    return concat(chat, pull.select(chat.columns))


@pytest.fixture(scope="module")
def docs():
    events = answered()
    return events, request_threads(events)


def test_doc_pointer_share_per_week(docs):
    events, threads = docs
    weeks = doc_pointer_share(threads, events, every="1w", config=EVERYONE).rows(named=True)
    assert weeks == [
        {
            "period_start": at("2026-07-06 00:00"),
            "period_end": at("2026-07-13 00:00"),
            "answered": 4,
            "doc_pointers": 2,
            "doc_pointer_share": 0.5,
            "people": 8,  # ana bo cy dan eve fay hal ivy (gus was not answered)
            "suppressed": False,
        },
        {
            "period_start": at("2026-07-13 00:00"),
            "period_end": at("2026-07-20 00:00"),
            "answered": 3,
            "doc_pointers": 3,
            "doc_pointer_share": 1.0,
            "people": 6,
            "suppressed": False,
        },
        {
            "period_start": at("2026-07-20 00:00"),
            "period_end": at("2026-07-27 00:00"),
            "answered": 0,
            "doc_pointers": 0,
            "doc_pointer_share": None,
            "people": 0,
            "suppressed": False,
        },
        {
            "period_start": at("2026-07-27 00:00"),
            "period_end": at("2026-08-03 00:00"),
            "answered": 1,
            "doc_pointers": 0,
            "doc_pointer_share": 0.0,
            "people": 2,
            "suppressed": False,
        },
    ]


def test_doc_pointer_share_per_month_and_privacy(docs):
    events, threads = docs
    month = doc_pointer_share(threads, events)  # "1mo", at least 5 people
    assert month.select("period_start", "answered", "doc_pointers", "people").rows() == [
        (at("2026-07-01 00:00"), 8, 5, 9)
    ]
    assert month["doc_pointer_share"][0] == pytest.approx(5 / 8)
    weeks = doc_pointer_share(threads, events, every="1w")
    assert weeks["suppressed"].to_list() == [False, False, False, True]
    assert weeks.row(3, named=True)["answered"] is None


def test_doc_pointer_share_pandas_in_pandas_out(docs):
    events, threads = docs
    out = doc_pointer_share(threads.to_pandas(), events.to_pandas(), every="1w", config=EVERYONE)
    assert isinstance(out, pd.DataFrame)
    assert out["doc_pointers"].tolist() == [2, 3, 0, 0]


# --- chart ----------------------------------------------------------------------------------


def test_cluster_sizes_hold_counts_only(asked):
    events, threads = asked
    sizes = cluster_sizes(repeated_questions(threads, events), config=Config(min_group_size=3))
    assert sizes.rows(named=True) == [
        {"size": "2", "clusters": None, "requests": None, "people": 2, "suppressed": True},
        {"size": "3", "clusters": 0, "requests": 0, "people": 0, "suppressed": False},
        {"size": "4", "clusters": 1, "requests": 4, "people": 4, "suppressed": False},
        {"size": "5–9", "clusters": 0, "requests": 0, "people": 0, "suppressed": False},
        {"size": "10+", "clusters": 0, "requests": 0, "people": 0, "suppressed": False},
    ]


def test_chart_of_cluster_sizes_and_doc_share(asked, docs):
    repeats = repeated_questions(asked[1], asked[0])
    share = doc_pointer_share(docs[1], docs[0], every="1w", config=Config(min_group_size=3))
    spec = chart_repeated_questions(repeats, share, config=Config(min_group_size=3)).to_dict()
    bars, line = spec["hconcat"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["scale"]["domain"] == ["2", "3", "4", "5–9", "10+"]
    bar_rows = spec["datasets"][bars["data"]["name"]]
    assert {r["size"]: r["clusters"] for r in bar_rows} == {"3": 0, "4": 1, "5–9": 0, "10+": 0}
    assert line["encoding"]["y"]["axis"]["format"] == "%"
    line_rows = spec["datasets"][line["data"]["name"]]
    assert [r["doc_pointer_share"] for r in line_rows] == [0.5, 1.0, None, None]
    assert spec["title"]["subtitle"][-1] == "Hidden for privacy: 2 groups about fewer than 3 people"
    keys = {k for rows in spec["datasets"].values() for r in rows for k in r}
    assert not keys & {"conversation_id", "requester", "text", "cluster"}
