"""Large, realistic event tables for the scale benchmark: seeded, vectorised, cached as Parquet.

    .venv/bin/python benchmarks/scale_data.py --messages 1000000 [--seed 7] [--cache DIR]

Writes ``events-<messages>-s<seed>-v<version>.parquet`` (the event table of
``asyncmetrics.schema``) under the cache folder (default ``/tmp/asyncmetrics-scale``, or
``$ASYNCMETRICS_SCALE_CACHE``), and prints what it holds. The same seed and size always give
the same table; every size is drawn from the same distributions, so cost can be compared per
message:

- one year of a company whose people and channels grow with the number of messages (one person
  per 2,500 messages, a channel per 20,000, a repository per 100,000), people's activity
  Zipf-distributed;
- 80% Slack messages, 20% pull-request events;
- Slack threads heavy-tailed: 40% of human posts get no reply, the others a Zipf(1.9) number of
  replies (capped at 300); PRs 2 + Zipf(1.7) events (capped at 150);
- bots: alert channels, deploy and reminder posts, bot replies, Dependabot/Renovate PRs, CI and
  coverage comments and a machine login that looks human: about 27% of all messages;
- eight time zones (Los Angeles to Sydney, Kolkata's half hour included): people post in their
  own working hours, replies follow after log-normal delays (median 15 min on Slack, 1.5 h on
  PRs, tails of days);
- text in English and Japanese (a fifth of the channels), drawn from templates of every kind
  the rules tell apart (questions, asks, problem reports, proposals, FYIs, standups,
  acknowledgements, code, links, clarifying questions, decisions, thanks, nudges...), followed
  by log-normal lengths of context (median about 60 characters, a long tail past 2,000; PR
  descriptions longer), with mentions, emoji codes, code blocks and links;
- reactions on about a fifth of the Slack messages (👍 and its skin tones, ✅, 🙏, 👀, 🙌,
  custom Japanese names...), by the requester or by others; some edits, file shares, drafts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from asyncmetrics.schema import EVENT_COLUMNS, REACTIONS  # noqa: E402

VERSION = 1
CACHE = Path(os.environ.get("ASYNCMETRICS_SCALE_CACHE", "/tmp/asyncmetrics-scale"))
START = datetime(2025, 7, 7, tzinfo=UTC)  # a Monday
DAYS = 364
_START_S = int(START.timestamp())

# (zone, standard UTC offset in hours, share of people). Generation ignores daylight saving:
# it only places posts in plausible local hours; the zone names are what the metrics read.
ZONES = (
    ("America/Los_Angeles", -8.0, 0.14),
    ("America/New_York", -5.0, 0.16),
    ("America/Sao_Paulo", -3.0, 0.05),
    ("Europe/London", 0.0, 0.10),
    ("Europe/Berlin", 1.0, 0.20),
    ("Asia/Kolkata", 5.5, 0.12),
    ("Asia/Tokyo", 9.0, 0.18),
    ("Australia/Sydney", 10.0, 0.05),
)
_TOKYO = 6

# Channel kinds: (name stem, share of channels, share of posts by bots).
CHANNEL_KINDS = (
    ("eng-help", 0.30, 0.5),
    ("team", 0.22, 0.5),
    ("product-decisions", 0.08, 0.30),
    ("standup", 0.10, 0.50),
    ("announcements", 0.04, 0.40),
    ("random", 0.08, 0.20),
    ("alerts", 0.18, 0.97),
)
_HELP, _TEAM, _PRODUCT, _STANDUP, _ANNOUNCE, _RANDOM, _ALERTS = range(7)

SLACK_BOTS = tuple(f"B{i:08d}" for i in range(40))
GITHUB_BOTS = ("dependabot[bot]", "renovate[bot]", "github-actions[bot]", "codecov[bot]")
MACHINE_LOGIN = "deploy-bot"  # a machine account GitHub calls a user

# Texts by (language, kind). Context drawn from the corpus follows the template.
TEXTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "open_question": [
            "How do I rotate the API key for the billing service?",
            "Does anyone know why the nightly build takes twice as long since Monday?",
            "Which flag disables the cache in the staging deploy?",
            "Is there a way to rerun only the failed shard on CI?",
            "Where do we keep the runbook for the payments outage?",
            "Why does `terraform plan` want to recreate the load balancer?",
            "What's the right way to add a column to the events table without downtime?",
            "Has anyone seen `ECONNRESET` from the internal proxy before?",
            "Who owns the search-indexer service these days?",
            "Should we pin the Node version in the Dockerfile or in .nvmrc?",
            "Quick question: what's the retention on the audit logs?",
            "Is the staging cluster supposed to be on the new Postgres version already?",
        ],
        "open_ask": [
            "Can someone review the migration PR for the orders table please",
            "PTAL at the new rate limiter config when you have a moment",
            "Need a reviewer for the on-call rotation change",
            "Could you help me with the flaky integration test in checkout",
            "Looking for feedback on the draft RFC for event sourcing",
            "Please sign off on the Q3 capacity plan by Friday",
            "Need a decision on the logging vendor this week",
            "Blocked on the VPN certificate renewal, anyone with admin rights around",
        ],
        "open_problem": [
            "The deploy to staging fails with error 503 since this morning.",
            "Builds on main are broken after the dependency bump.",
            "Login is not working for users in the EU region.",
            "The export job times out after 30 minutes.",
            "We're getting rate limited by the GitHub API in the release workflow.",
            "The dashboard shows wrong numbers for last week.",
        ],
        "open_proposal": [
            "I propose we move the cron jobs to the new scheduler.",
            "How about we require two reviews on the payments repo.",
            "We could split the auth module out of the monolith this quarter.",
            "Proposal: drop support for the v1 API at the end of the month.",
        ],
        "open_fyi": [
            "FYI: we released version 2.14 of the mobile app today.",
            "Heads-up: the staging database will be down for maintenance on Saturday.",
            "Reminder: the quarterly security training is due next week.",
            "We just shipped the new onboarding flow, no action needed.",
            ":mega: The new expense policy is live.",
            "Release notes for 4.2 are in the wiki.",
        ],
        "open_plain": [
            "Interesting write-up on connection pooling from the Postgres team.",
            "Here's the recording from yesterday's demo.",
            "Pairing on the search relevance work this afternoon.",
            "Lunch order is in the kitchen :tada:",
            "Great work on the launch everyone :raised_hands:",
        ],
        "open_standup": [
            "Yesterday: finished the billing export\nToday: start on the retry logic\n"
            "Blockers: none",
            "Done: reviewed three PRs\nDoing: the flaky test in checkout\n"
            "Blocked: waiting on access to the prod logs",
            "Yesterday: on-call handover\nToday: capacity plan draft\nBlockers: none",
        ],
        "bot_post": [
            "[ALERT] p99 latency above 2s on api-gateway for 5 minutes",
            "Deploy of web-frontend 2026.05.3 to production succeeded",
            "Build #48213 failed on main: https://ci.example.com/builds/48213",
            "Reminder: fill in your weekly status update",
            "New issue opened in acme/api: Crash when uploading large files",
            ":rotating_light: Error rate for checkout-service is 4.2% (threshold 2%)",
            "Daily cost report: $1,284.12 (+3.4% vs last week) https://cost.example.com/daily",
            "Resolved: p99 latency back under 2s on api-gateway",
        ],
        "bot_reply": [
            "This alert has been acknowledged by the on-call engineer.",
            "Incident INC-4821 created: https://status.example.com/incidents/4821",
            "Reminder: this thread has had no reply for 24 hours.",
        ],
        "ack": [
            "looking 👀",
            "On it",
            "Taking a look now",
            "Let me take a look",
            "👀",
            "Checking",
            "I'll dig into this after lunch",
            "looking into it",
            "+1",
            "same here",
        ],
        "emoji": [":+1:", "🙏", ":eyes:", "🎉", ":white_check_mark:"],
        "answer_code": [
            "Use `--no-cache` on the build step.",
            "Run `kubectl rollout restart deploy/api` and it picks up the new config.",
            "```\nexport AWS_PROFILE=staging\nmake deploy\n```",
            "It's `retention_days` in `config/audit.yaml`, currently 90.",
            "You need `pip install -U certifi` on the runner, the bundle is old.",
        ],
        "suggestion": [
            "Have you tried clearing the runner cache?",
            "Try restarting the pod, the sidecar sometimes hangs.",
            "You could set max_connections to 200 instead of the default.",
            "Looks like the token expired, regenerate it in the admin console.",
            "Maybe check whether the VPN is up, the proxy needs it.",
        ],
        "link": [
            "The runbook is here: https://wiki.example.com/runbooks/payments",
            "See https://docs.example.com/ci/retries for the retry flags.",
            "<https://github.com/acme/api/pull/1234|This PR> fixes it.",
            "Answered in https://example.slack.com/archives/C0001/p1735725600123456",
        ],
        "clarify": [
            "Which version are you on?",
            "Can you share the logs?",
            "Do you mean staging or prod?",
            "What error do you get exactly?",
            "Is it happening for every user?",
            "Which branch?",
        ],
        "answer": [
            "The export job runs in a single transaction, so past a few million rows it hits "
            "the statement timeout. The new version splits it into batches.",
            "That's expected: the cache key includes the lockfile hash, so any bump "
            "invalidates it.",
            "The proxy drops idle connections after 60 seconds; the client keeps them for 90.",
            "Retention is 90 days for audit logs and 30 for the rest.",
            "The billing team owns it now, Mia is the contact.",
        ],
        "decision": [
            "Let's go with option B.",
            "Agreed, ship it.",
            "LGTM, go ahead.",
            "Decision: we keep the current vendor until Q4.",
        ],
        "handover": [
            "can you take a look at this please",
            "could you help here, you know this part best",
        ],
        "confirm": [
            "Thanks, that worked!",
            "That did it, thank you 🙏",
            "Works now — thanks!",
            "Got it, thanks — all good now.",
            "Makes sense, thanks!",
            "Perfect, that fixed it.",
        ],
        "more_info": [
            "Here's the full output from the failing run.",
            "It happens only on the ARM runners.",
            "I'm on 3.11.4 with the latest lockfile.",
            "Same thing on a fresh checkout.",
        ],
        "followup": [
            "But what about the read replicas?",
            "Does that also apply to the EU cluster?",
            "And if the job is already running?",
        ],
        "nudge": [
            "Any update on this?",
            "Bump — still blocked on this.",
            "Friendly ping on this one 🙏",
            "Following up on this, anyone?",
        ],
        "no_luck": ["No change, same failure.", "Tried it, nothing changed."],
        "file": ["", "screenshot", "logs attached"],
        "pr_open": [
            "Add retry with backoff to the webhook sender",
            "Fix race in cache invalidation",
            "Refactor the auth middleware",
            "Update README with local setup steps",
            "Move cron jobs to the new scheduler",
            "Speed up the search indexer by batching writes",
        ],
        "pr_bot": [
            "Bump lodash from 4.17.20 to 4.17.21",
            "chore(deps): update dependency typescript to v5.5.4",
            "Bump actions/checkout from 3 to 4",
        ],
        "commit": [
            "Fix lint",
            "Address review comments",
            "Add tests for the retry path",
            "WIP",
            "Handle the empty list case",
        ],
        "approved": ["LGTM", "Looks good 👍", "Approved, thanks!"],
        "changes": [
            "Please add tests for the failure path before we merge.",
            "The migration needs to be reversible.",
            "This breaks the public API, see the inline comments.",
        ],
        "review": [
            "Nit: this could be a constant.",
            "```suggestion\nreturn cache.get(key)\n```",
            "Why not reuse the existing helper here?",
            "This will break when the list is empty.",
            "Can you add a test for the timeout case?",
            "Have you considered using the batch endpoint instead?",
        ],
        "pr_comment": [
            "Rebased on main.",
            "Thanks for the review, addressed in the latest commit.",
            "Could you split this into two PRs?",
            "/azp run",
            "Any update on this?",
            "I think this also fixes the flaky test in checkout.",
        ],
        "bot_comment": [
            "## Codecov Report\nMerging this will increase coverage by 0.12%. "
            "https://codecov.io/gh/acme/api/pull/1",
            "Deployment preview ready: https://preview.example.com/pr",
            "All checks have passed.",
        ],
    },
    "ja": {
        "open_question": [
            "ステージング環境のAPIキーはどこで更新できますか？",
            "CIのキャッシュを無効にする方法を教えてください",
            "この設定ファイルの担当はどなたか分かる方いますか",
            "請求サービスのログはどこにありますか？",
            "新しいテーブルにカラムを追加する手順はありますか",
        ],
        "open_ask": [
            "移行PRのレビューをお願いします",
            "リリース手順の確認をお願いできますか",
            "ロギングの件、相談させてください",
            "今日中にデプロイの承認をいただけますか",
        ],
        "open_problem": [
            "ステージングへのデプロイが失敗しています。",
            "ログインできない状態です。",
            "ビルドがエラーで止まっています。",
            "ダッシュボードの数字がおかしいです。",
        ],
        "open_proposal": [
            "cronジョブを新しいスケジューラに移行する提案です。",
            "レビューを2名必須にしてはどうでしょう。",
        ],
        "open_fyi": [
            "お知らせ：本日モバイルアプリ2.14をリリースしました。",
            "共有です。土曜日にステージングDBのメンテナンスがあります。",
            "リマインドです。来週までにセキュリティ研修を受けてください。",
        ],
        "open_plain": ["昨日のデモの録画です。", "接続プールについての記事、面白かったです。"],
        "open_standup": [
            "昨日やったこと：請求エクスポートの修正\n今日やること：リトライ処理\n"
            "困っていること：なし",
        ],
        "bot_post": [
            "[アラート] api-gatewayのp99レイテンシが2秒を超えました",
            "本番へのデプロイが完了しました https://ci.example.com/deploys/1",
        ],
        "bot_reply": ["このアラートはオンコール担当が確認済みです。"],
        "ack": ["確認します", "見てみます", "了解です", "調べます", "👀"],
        "emoji": [":arigatougozaimasu:", "🙏", ":eyes:"],
        "answer_code": [
            "`--no-cache` を付けてビルドしてください。",
            "```\nmake deploy ENV=staging\n```\nで動くはずです。",
        ],
        "suggestion": [
            "キャッシュを消して試してみてください。",
            "トークンの期限切れが原因だと思います。再発行すれば直るはずです。",
            "VPNを使えば接続できますよ。",
        ],
        "link": [
            "手順はこちらです https://wiki.example.com/runbooks/deploy",
            "このドキュメントを参照してください https://docs.example.com/ci",
        ],
        "clarify": [
            "どのバージョンを使っていますか？",
            "エラーメッセージを教えてもらえますか？",
            "どの環境の話でしょうか？",
            "もう少し詳しく教えてください",
        ],
        "answer": [
            "エクスポート処理は一つのトランザクションで動いているので、テーブルが大きくなると"
            "タイムアウトになります。新しいバージョンではバッチに分割しました。",
            "請求チームの担当になっています。",
        ],
        "decision": [
            "B案で進めましょう。",
            "LGTMです。",
            "それでお願いします。",
            "その方針で決定です。",
        ],
        "handover": ["こちら見ていただけますか"],
        "confirm": [
            "ありがとうございます、動きました！",
            "解決しました。助かりました🙏",
            "なるほど、理解しました。",
            "直りました、ありがとうございます。",
        ],
        "more_info": ["失敗したときの全ログを貼ります。", "ARMのランナーでだけ発生します。"],
        "followup": ["EUのクラスタでも同じですか？", "読み取りレプリカはどうなりますか？"],
        "nudge": ["その後いかがでしょうか", "再掲です、まだ困っています"],
        "no_luck": ["変わらず同じエラーです。", "試しましたが、だめでした。"],
        "file": ["", "スクショです"],
        "pr_open": ["Webhook送信にリトライを追加", "キャッシュ無効化の競合を修正"],
        "pr_bot": ["Bump lodash from 4.17.20 to 4.17.21"],
        "commit": ["レビュー指摘を反映", "テスト追加", "WIP"],
        "approved": ["LGTMです", "良さそうです👍"],
        "changes": [
            "失敗時のテストを追加してください。",
            "マイグレーションを戻せるようにしてください。",
        ],
        "review": [
            "ここは定数にできそうです。",
            "```suggestion\nreturn cache.get(key)\n```",
            "既存のヘルパーを使えませんか？",
        ],
        "pr_comment": ["mainにリベースしました。", "レビューありがとうございます、修正しました。"],
        "bot_comment": ["All checks have passed."],
    },
}
# Median context length in characters after each kind of text (0: none).
CONTEXT = {
    "open_question": 60,
    "open_ask": 60,
    "open_problem": 80,
    "open_proposal": 80,
    "open_fyi": 60,
    "open_plain": 40,
    "open_standup": 0,
    "bot_post": 30,
    "bot_reply": 0,
    "ack": 0,
    "emoji": 0,
    "answer_code": 30,
    "suggestion": 40,
    "link": 20,
    "clarify": 0,
    "answer": 150,
    "decision": 10,
    "handover": 0,
    "confirm": 0,
    "more_info": 80,
    "followup": 20,
    "nudge": 0,
    "no_luck": 20,
    "file": 0,
    "pr_open": 500,
    "pr_bot": 300,
    "commit": 0,
    "approved": 0,
    "changes": 60,
    "review": 40,
    "pr_comment": 30,
    "bot_comment": 200,
}
KINDS = tuple(CONTEXT)
_K = {kind: i for i, kind in enumerate(KINDS)}

_PLAIN_EN = (
    "the deploy config cache service cluster staging production build runner pipeline job "
    "retry timeout query index table column migration schema release branch commit review "
    "token proxy gateway latency throughput replica database metrics dashboard alert "
    "on-call we I it this that after before because when then and or but with for from "
    "into on in at to of about again still already now yesterday today tomorrow last week "
    "this morning error failed works slow fast new old large small first second both each "
    "every some none :smile: :sweat_smile: :fire: 🙂 2.14.0 v3 #4821"
)
_WORDS_EN = (
    *_PLAIN_EN.split(" "),
    "`make test`",
    "`npm ci`",
    "`kubectl get pods`",
    "https://grafana.example.com/d/api-latency",
)
_SENTENCES_JA = (
    "昨日からステージングの挙動が少し変わっています。",
    "ログを見る限りではタイムアウトが原因のようです。",
    "本番への影響はまだ出ていません。",
    "手元の環境では再現しませんでした。",
    "関連しそうなPRはこちらです https://github.com/acme/api/pull/77",
    "設定ファイルは `config/app.yaml` にあります。",
    "念のため共有しておきます。",
    "来週のリリースまでに対応したいと考えています。",
    "チーム内でも少し話しました。",
    "詳細はドキュメントにまとめています。",
)
_CHUNK = 4_000
_CHUNKS = 256


def _corpus(rng: np.random.Generator) -> pl.Series:
    """Blocks of context text, English then Japanese; a message takes the start of one."""
    words = np.array(_WORDS_EN)
    en = []
    for _ in range(_CHUNKS):  # a few hundred blocks, not one per message
        drawn = words[rng.integers(0, len(words), _CHUNK // 4)]
        ends = rng.random(len(drawn))
        tokens = np.where(ends < 0.08, np.char.add(drawn, "."), drawn)
        tokens = np.where(ends > 0.995, np.char.add(tokens, "\n"), tokens)
        en.append(" ".join(tokens)[:_CHUNK])
    sentences = np.array(_SENTENCES_JA)
    ja = ["".join(sentences[rng.integers(0, len(sentences), 160)])[:_CHUNK] for _ in range(_CHUNKS)]
    return pl.Series([*en, *ja])


def _templates() -> tuple[pl.Series, np.ndarray, np.ndarray]:
    """All templates in one series, with each (language, kind)'s offset and count."""
    flat: list[str] = []
    offset = np.zeros((2, len(KINDS)), dtype=np.int64)
    count = np.zeros((2, len(KINDS)), dtype=np.int64)
    for lang_index, lang in enumerate(("en", "ja")):
        for kind_index, kind in enumerate(KINDS):
            items = TEXTS[lang][kind]
            offset[lang_index, kind_index] = len(flat)
            count[lang_index, kind_index] = len(items)
            flat.extend(items)
    return pl.Series(flat), offset, count


def _choice(rng: np.random.Generator, n: int, weights: dict[str, float]) -> np.ndarray:
    """``n`` kind codes drawn with the given weights."""
    kinds = np.array([_K[k] for k in weights])
    p = np.array(list(weights.values()), dtype=np.float64)
    return kinds[rng.choice(len(kinds), size=n, p=p / p.sum())]


def _zipf_weights(n: int, exponent: float = 1.0, shift: float = 5.0) -> np.ndarray:
    w = (np.arange(n) + shift) ** -exponent
    return w / w.sum()


def _within(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For groups of the given sizes laid end to end: each row's group, position, group start."""
    group = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return group, np.arange(len(group)) - starts[group], starts


def _share(weight: np.ndarray, share: float) -> np.ndarray:
    """Flags on the first items (in their random order) that together hold ``share`` of the
    weight, so every size of table gets the same share whatever the draw."""
    return np.cumsum(weight) <= share


def _cut(sizes: np.ndarray, total: int) -> np.ndarray:
    """The first groups holding ``total`` rows, the last one shortened to fit."""
    ends = np.cumsum(sizes)
    last = int(np.searchsorted(ends, total))
    sizes = sizes[: last + 1].copy()
    sizes[-1] -= int(ends[last] - total)
    return sizes[sizes > 0]


def _gather(names: pl.Series, index: np.ndarray) -> pl.Series:
    """``names[index]``, null where ``index`` is negative."""
    taken = names.gather(np.maximum(index, 0))
    return pl.select(pl.when(pl.Series(index) >= 0).then(taken)).to_series()


def _text(values: np.ndarray) -> pl.Series:
    return pl.Series(values).cast(pl.String)


class _World:
    """People, channels and repositories of a company sized for ``n`` messages."""

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        self.n_people = max(300, n // 2_500)
        people = np.arange(self.n_people)
        zone_p = np.array([z[2] for z in ZONES])
        self.zone = rng.choice(len(ZONES), size=self.n_people, p=zone_p / zone_p.sum())
        self.offset_s = np.array([z[1] for z in ZONES])[self.zone] * 3600
        self.zone_name = pl.Series([z[0] for z in ZONES]).gather(self.zone)
        # Authors: people first, then the bots, so one index array names anyone.
        self.slack_author = pl.concat([("U" + _text(people).str.zfill(8)), pl.Series(SLACK_BOTS)])
        self.github_author = pl.concat(
            [("dev-" + _text(people)), pl.Series([*GITHUB_BOTS, MACHINE_LOGIN])]
        )
        self.weight = _zipf_weights(self.n_people)
        tokyo = self.zone == _TOKYO
        self.tokyo = np.flatnonzero(tokyo)
        self.tokyo_weight = self.weight[tokyo] / self.weight[tokyo].sum()
        self.n_channels = max(60, n // 20_000)
        kind_p = np.array([k[1] for k in CHANNEL_KINDS])
        self.channel_kind = rng.choice(len(CHANNEL_KINDS), size=self.n_channels, p=kind_p)
        self.channel_weight = rng.permutation(_zipf_weights(self.n_channels, 0.9, 3.0))
        self.channel_ja = _share(self.channel_weight, 0.2)
        channels = np.arange(self.n_channels)
        self.channel_name = (
            pl.Series([k[0] for k in CHANNEL_KINDS]).gather(self.channel_kind)
            + "-"
            + _text(channels)
            + pl.Series(np.where(self.channel_ja, "-jp", ""))
        )
        self.channel_id = "C" + _text(channels).str.zfill(8)
        self.n_repos = max(20, n // 100_000)
        repos = np.arange(self.n_repos)
        self.repo_name = "acme-" + _text(repos % 7) + "/svc-" + _text(repos)
        self.repo_weight = rng.permutation(_zipf_weights(self.n_repos, 0.8, 2.0))
        self.repo_ja = _share(self.repo_weight, 0.15)

    def people(self, rng: np.random.Generator, n: int, japanese: np.ndarray) -> np.ndarray:
        """``n`` people by activity; mostly Tokyo people where ``japanese``."""
        anyone = rng.choice(self.n_people, size=n, p=self.weight)
        if not len(self.tokyo):
            return anyone
        local = self.tokyo[rng.choice(len(self.tokyo), size=n, p=self.tokyo_weight)]
        return np.where(japanese & (rng.random(n) < 0.8), local, anyone)


def _local_time(rng: np.random.Generator, n: int, offset_s: np.ndarray) -> np.ndarray:
    """UTC epoch seconds in working hours of people at ``offset_s``, weekdays mostly."""
    day_p = np.where(np.arange(DAYS) % 7 >= 5, 0.15, 1.0)
    day = rng.choice(DAYS, size=n, p=day_p / day_p.sum())
    local = np.clip(rng.normal(13.5 * 3600, 2.8 * 3600, n), 6 * 3600, 23.5 * 3600)
    return _START_S + day * 86_400 + local - offset_s


def _delays(rng: np.random.Generator, n: int, median_s: float, sigma: float) -> np.ndarray:
    return np.clip(rng.lognormal(np.log(median_s), sigma, n), 5, 20 * 86_400)


def _elapsed(delay: np.ndarray, conv: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Time since each row's group start: the cumulated delays within the group."""
    total = np.cumsum(delay)
    return total - total[starts][conv]


_OPENER_MIX = {
    _HELP: {
        "open_question": 45,
        "open_ask": 18,
        "open_problem": 15,
        "open_proposal": 5,
        "open_fyi": 7,
        "open_plain": 10,
    },
    _TEAM: {
        "open_question": 30,
        "open_ask": 15,
        "open_problem": 8,
        "open_proposal": 7,
        "open_fyi": 15,
        "open_plain": 25,
    },
    _PRODUCT: {"open_question": 30, "open_proposal": 40, "open_ask": 20, "open_fyi": 10},
    _STANDUP: {"open_standup": 90, "open_question": 5, "open_plain": 5},
    _ANNOUNCE: {"open_fyi": 85, "open_plain": 10, "open_question": 5},
    _RANDOM: {"open_plain": 70, "open_question": 20, "open_fyi": 10},
    _ALERTS: {"open_question": 40, "open_problem": 40, "open_plain": 20},
}
_RESPONDER_MIX = {
    "ack": 16,
    "emoji": 4,
    "answer_code": 12,
    "suggestion": 14,
    "link": 9,
    "clarify": 15,
    "answer": 20,
    "decision": 4,
    "handover": 3,
    "file": 3,
}
_REQUESTER_MIX = {
    "confirm": 30,
    "more_info": 25,
    "followup": 12,
    "nudge": 10,
    "no_luck": 8,
    "decision": 5,
    "emoji": 3,
    "file": 2,
    "open_plain": 5,
}
_SUBTYPES = pl.Series(["bot_message", "file_share", "thread_broadcast", "draft"])


def _slack(n: int, world: _World, rng: np.random.Generator) -> pl.DataFrame:
    """Slack rows; text still as a template kind, context and mention."""
    guess = n // 2 + 1_000
    channel = rng.choice(world.n_channels, size=guess, p=world.channel_weight)
    kind = world.channel_kind[channel]
    bot_open = rng.random(guess) < np.array([k[2] for k in CHANNEL_KINDS])[kind]
    no_reply = np.select(
        [bot_open, kind == _STANDUP, kind == _ANNOUNCE],
        [0.85, 0.8, 0.7],
        0.4,
    )
    replies = np.minimum(rng.zipf(1.9, guess), 300) * (rng.random(guess) >= no_reply)
    sizes = _cut(1 + replies, n)
    m = len(sizes)
    channel, kind, bot_open = channel[:m], kind[:m], bot_open[:m]
    ja_conv = world.channel_ja[channel]
    requester = world.people(rng, m, ja_conv)
    pool = np.stack([world.people(rng, m, ja_conv) for _ in range(3)], axis=1)
    conv, pos, starts = _within(sizes)
    rows = len(conv)
    opener = pos == 0

    # Who speaks: the requester, a responder from the thread's pool, or a bot.
    bot_reply_p = np.where(bot_open[conv], 0.3, 0.1)
    bot_row = np.where(opener, bot_open[conv], rng.random(rows) < bot_reply_p)
    by_requester = ~opener & ~bot_row & (rng.random(rows) < np.where(pos == 1, 0.1, 0.4))
    pick = rng.choice(3, size=rows, p=[0.6, 0.3, 0.1])
    responder = pool[conv, pick]
    responder = np.where(responder == requester[conv], (responder + 1) % world.n_people, responder)
    person = np.where(by_requester | opener, requester[conv], responder)
    bot = world.n_people + rng.integers(0, len(SLACK_BOTS), rows)

    # Times: openers in the author's working hours, replies after log-normal delays.
    open_s = _local_time(rng, m, np.where(bot_open, 0.0, world.offset_s[requester]))
    delay = np.where(opener, 0.0, _delays(rng, rows, 900, 1.9))
    seconds = (open_s[conv] + _elapsed(delay, conv, starts)).astype(np.int64)
    micros = rng.integers(0, 1_000_000, rows)

    # What they say.
    text_kind = np.full(rows, _K["answer"])
    human_open = opener & ~bot_row
    text_kind[opener & bot_row] = _K["bot_post"]
    text_kind[~opener & bot_row] = _K["bot_reply"]
    channel_kind = kind[conv]
    for kind_code, weights in _OPENER_MIX.items():  # seven channel kinds
        here = np.flatnonzero(human_open & (channel_kind == kind_code))
        text_kind[here] = _choice(rng, len(here), weights)
    responds = np.flatnonzero(~opener & ~bot_row & ~by_requester)
    text_kind[responds] = _choice(rng, len(responds), _RESPONDER_MIX)
    follows = np.flatnonzero(by_requester)
    text_kind[follows] = _choice(rng, len(follows), _REQUESTER_MIX)

    # Mentions: openers addressed to someone, replies to the requester, hand-overs.
    mention = np.full(rows, -1)
    addressed = human_open & (rng.random(rows) < 0.06)
    mention[addressed] = responder[addressed]
    to_requester = ~opener & ~bot_row & ~by_requester & (rng.random(rows) < 0.12)
    mention[to_requester] = requester[conv][to_requester]
    handover = text_kind == _K["handover"]
    mention[handover] = pool[conv, (pick + 1) % 3][handover]
    at_here = human_open & ~addressed & (rng.random(rows) < 0.02)

    subtype = np.full(rows, -1)
    subtype[~opener & ~bot_row & (rng.random(rows) < 0.01)] = 2
    subtype[text_kind == _K["file"]] = 1
    subtype[bot_row] = 0

    message_id = pl.concat_str(
        world.channel_id.gather(channel[conv]),
        pl.lit(":"),
        _text(seconds),
        pl.lit("."),
        _text(micros).str.zfill(6),
    )
    frame = pl.DataFrame(
        {
            "channel": world.channel_name.gather(channel[conv]),
            "author": world.slack_author.gather(np.where(bot_row, bot, person)),
            "author_is_bot": bot_row,
            "ts_us": seconds * 1_000_000 + micros,
            "is_opener": opener,
            "subtype": _gather(_SUBTYPES, subtype),
            "author_tz": _gather(world.zone_name, np.where(bot_row, -1, person)),
            "ja": ja_conv[conv],
            "text_kind": text_kind,
            "mention": _gather(world.slack_author, mention),
            "here": at_here,
        }
    ).with_columns(
        pl.lit("slack").alias("source"),
        pl.lit("message").alias("kind"),
        message_id.alias("message_id"),
    )
    requester_row = np.where(bot_open[conv], -1, requester[conv])
    return frame.with_columns(
        pl.col("message_id").gather(starts[conv]).alias("conversation_id"),
        _reactions(rng, requester_row, 0.2, world, world.slack_author),
        (~pl.col("author_is_bot") & pl.Series(rng.random(rows) < 0.06)).alias("edited"),
    )


# Pull-request event kinds between the opening and the end, with their weights.
_PR_KINDS = (
    "pr_opened",
    "ready_for_review",
    "merged",
    "closed",
    "review_requested",
    "commit",
    "comment",
    "review_comment",
    "review_commented",
    "review_changes_requested",
    "review_approved",
)
_OPENED, _READY, _MERGED, _CLOSED, _REQUESTED, _COMMIT, _COMMENT, _INLINE = range(8)
_COMMENTED, _CHANGES, _APPROVED = 8, 9, 10
_PR_MIDDLE = {
    _REQUESTED: 10,
    _COMMIT: 25,
    _COMMENT: 22,
    _INLINE: 18,
    _COMMENTED: 8,
    _CHANGES: 7,
    _APPROVED: 10,
}
_ID_SUFFIX = (
    "opened",
    "event/",
    "merged",
    "closed",
    "event/",
    "commit/",
    "comment/",
    "review_comment/",
    "review/",
    "review/",
    "review/",
)


def _github(n: int, world: _World, rng: np.random.Generator) -> pl.DataFrame:
    """Pull-request rows, as :func:`_slack`."""
    guess = n // 4 + 1_000
    sizes = _cut(2 + np.minimum(rng.zipf(1.7, guess), 150), n)
    m = len(sizes)
    repo = rng.choice(world.n_repos, size=m, p=world.repo_weight)
    ja_pr = world.repo_ja[repo]
    bot_pr = rng.random(m) < 0.25
    draft = ~bot_pr & (rng.random(m) < 0.08)
    opened_by = world.people(rng, m, ja_pr)
    reviewers = np.stack([world.people(rng, m, ja_pr) for _ in range(2)], axis=1)
    reviewers = np.where(
        reviewers == opened_by[:, None], (reviewers + 1) % world.n_people, reviewers
    )
    conv, pos, starts = _within(sizes)
    rows = len(conv)
    last = pos == sizes[conv] - 1

    middle = np.array(list(_PR_MIDDLE))
    weights = np.array(list(_PR_MIDDLE.values()), dtype=np.float64)
    kind = middle[rng.choice(len(middle), size=rows, p=weights / weights.sum())]
    ending = rng.random(m)
    end_kind = np.where(ending < 0.65, _MERGED, np.where(ending < 0.77, _CLOSED, -1))
    kind = np.where(last & (end_kind[conv] >= 0), end_kind[conv], kind)
    kind = np.where((pos == 1) & draft[conv] & (rng.random(rows) < 0.85), _READY, kind)
    kind[pos == 0] = _OPENED

    # Who acts: the author commits and asks for reviews; reviewers review; bots comment.
    reviewer = reviewers[conv, rng.choice(2, size=rows, p=[0.7, 0.3])]
    by_author = np.select(
        [
            np.isin(kind, [_OPENED, _COMMIT, _REQUESTED, _READY]),
            np.isin(kind, [_APPROVED, _CHANGES, _COMMENTED]),
            kind == _COMMENT,
            kind == _INLINE,
            kind == _MERGED,
        ],
        [1.0, 0.0, 0.35, 0.3, 0.5],
        0.6,
    )
    author = np.where(rng.random(rows) < by_author, opened_by[conv], reviewer)
    by_bot_pr = bot_pr[conv] & np.isin(kind, [_OPENED, _COMMIT])
    author = np.where(by_bot_pr, world.n_people + rng.integers(0, 2, rows), author)
    bot_comment = (kind == _COMMENT) & (rng.random(rows) < 0.6)
    author = np.where(bot_comment, world.n_people + 2 + rng.integers(0, 2, rows), author)
    machine = (kind == _COMMENT) & ~bot_comment & (rng.random(rows) < 0.05)
    author = np.where(machine, world.n_people + len(GITHUB_BOTS), author)

    open_s = _local_time(rng, m, world.offset_s[opened_by])
    delay = np.where(pos == 0, 0.0, _delays(rng, rows, 5_400, 1.6))
    ts_us = ((open_s[conv] + _elapsed(delay, conv, starts)) * 1_000_000).astype(np.int64)
    ts_us += rng.integers(0, 1_000_000, rows)

    text_kind = np.select(
        [
            (kind == _OPENED) & bot_pr[conv],
            kind == _OPENED,
            kind == _COMMIT,
            kind == _APPROVED,
            kind == _CHANGES,
            (kind == _COMMENTED) | (kind == _INLINE),
            bot_comment,
            kind == _COMMENT,
        ],
        [
            _K["pr_bot"],
            _K["pr_open"],
            _K["commit"],
            _K["approved"],
            _K["changes"],
            _K["review"],
            _K["bot_comment"],
            _K["pr_comment"],
        ],
        -1,
    )
    text_kind[(kind == _APPROVED) & (rng.random(rows) < 0.6)] = -1

    conversation_id = world.repo_name.gather(repo[conv]) + "#" + _text(conv + 1)
    once = np.isin(kind, [_OPENED, _MERGED, _CLOSED])
    serial = pl.Series(np.where(once, -1, np.arange(rows)))
    message_id = pl.select(
        pl.concat_str(
            pl.lit(conversation_id),
            pl.lit(":"),
            pl.lit(pl.Series(_ID_SUFFIX).gather(kind)),
            pl.when(serial >= 0).then(serial.cast(pl.String)).otherwise(pl.lit("")),
        )
    ).to_series()
    frame = pl.DataFrame(
        {
            "channel": world.repo_name.gather(repo[conv]),
            "conversation_id": conversation_id,
            "message_id": message_id,
            "author": world.github_author.gather(author),
            "author_is_bot": by_bot_pr | bot_comment,
            "ts_us": ts_us,
            "kind": pl.Series(_PR_KINDS).gather(kind),
            "is_opener": pos == 0,
            "subtype": _gather(_SUBTYPES, np.where((pos == 0) & draft[conv], 3, -1)),
            "author_tz": pl.Series([None] * rows, dtype=pl.String),
            "ja": ja_pr[conv],
            "text_kind": text_kind,
            "mention": _gather(world.github_author, np.where(kind == _REQUESTED, reviewer, -1)),
            "here": np.zeros(rows, dtype=bool),
        }
    ).with_columns(pl.lit("github").alias("source"))
    edited = np.isin(kind, [_COMMENT, _INLINE]) & (rng.random(rows) < 0.05)
    requester_row = np.where(bot_pr[conv], -1, opened_by[conv])
    return frame.with_columns(
        _reactions(rng, requester_row, 0.02, world, world.github_author),
        pl.Series("edited", edited),
    )


_REACTION_NAMES = (
    ("+1", 30),
    ("white_check_mark", 9),
    ("pray", 8),
    ("eyes", 9),
    ("raised_hands", 8),
    ("heart", 6),
    ("tada", 5),
    ("joy", 4),
    ("fire", 4),
    ("arigatougozaimasu", 4),
    ("了解", 2),
    ("ok_hand", 3),
    ("heavy_check_mark", 2),
    ("+1::skin-tone-3", 3),
    ("bow", 2),
    ("sumi", 1),
    ("thumbsup", 2),
    ("sparkles", 2),
)


def _reactions(
    rng: np.random.Generator,
    requester: np.ndarray,
    share: float,
    world: _World,
    names: pl.Series,
) -> pl.Series:
    """Reactions of each row (a ``share`` of rows gets some): 1-6 emoji, 1-30 people each."""
    rows = len(requester)
    reacted = np.flatnonzero(rng.random(rows) < share)
    row = np.repeat(reacted, 1 + np.minimum(rng.geometric(0.6, len(reacted)) - 1, 5))
    emoji = np.array([r[0] for r in _REACTION_NAMES])
    weights = np.array([r[1] for r in _REACTION_NAMES], dtype=np.float64)
    emoji_index = rng.choice(len(emoji), size=len(row), p=weights / weights.sum())
    user_reaction = np.repeat(
        np.arange(len(row)), 1 + np.minimum(rng.geometric(0.45, len(row)) - 1, 29)
    )
    by_requester = requester[row][user_reaction]
    first = np.concatenate([[True], user_reaction[1:] != user_reaction[:-1]])
    # The requester reacts first to a third of the reactions; people at large otherwise.
    others = rng.choice(world.n_people, size=len(user_reaction), p=world.weight)
    user = np.where(
        first & (by_requester >= 0) & (rng.random(len(user_reaction)) < 0.35), by_requester, others
    )
    flat = pl.DataFrame(
        {
            "row": row[user_reaction],
            "reaction": user_reaction,
            "name": pl.Series(emoji).gather(emoji_index[user_reaction]),
            "user": names.gather(user),
        }
    )
    per_row = (
        flat.group_by("row", "reaction", maintain_order=True)
        .agg(pl.col("name").first(), pl.col("user").unique(maintain_order=True).alias("users"))
        .group_by("row", maintain_order=True)
        .agg(pl.struct("name", "users").alias("reactions"))
    )
    return (
        pl.DataFrame({"row": np.arange(rows)})
        .join(per_row, on="row", how="left")
        .sort("row")["reactions"]
        .fill_null(pl.lit([], dtype=REACTIONS))
        .cast(REACTIONS)
    )


def generate(n: int, seed: int = 7) -> pl.DataFrame:
    """An event table of ``n`` messages, sorted by time."""
    rng = np.random.default_rng([seed, n])
    world = _World(n, rng)
    n_slack = round(n * 0.8)
    frame = pl.concat(
        [_slack(n_slack, world, rng), _github(n - n_slack, world, rng)], how="diagonal_relaxed"
    )
    rows = frame.height
    templates, offset, count = _templates()
    text_kind = frame["text_kind"].to_numpy()
    lang = frame["ja"].to_numpy().astype(np.int64)
    kind_safe = np.maximum(text_kind, 0)
    template = offset[lang, kind_safe] + rng.integers(0, 1 << 30, rows) % count[lang, kind_safe]
    median = np.array([CONTEXT[k] for k in KINDS], dtype=np.float64)[kind_safe]
    # Japanese packs about twice the meaning per character.
    median = np.where(lang == 1, median / 2, median)
    length = np.where(
        (median > 0) & (rng.random(rows) < 0.85),
        np.minimum(rng.lognormal(np.log(np.maximum(median, 1)), 1.1, rows), _CHUNK),
        0,
    ).astype(np.int64)
    chunk = rng.integers(0, _CHUNKS, rows) + lang * _CHUNKS
    frame = frame.with_columns(
        pl.Series("_template", templates.gather(template)),
        pl.Series("_context", _corpus(rng).gather(chunk)),
        pl.Series("_len", length),
        pl.Series("_edit", rng.lognormal(np.log(300), 1.5, rows).astype(np.int64) * 1_000_000),
    )
    context = pl.col("_context").str.slice(0, pl.col("_len"))
    prefix = (
        pl.when(pl.col("here"))
        .then(pl.lit("<!here> "))
        .when(pl.col("mention").is_not_null() & (pl.col("source") == "slack"))
        .then(pl.format("<@{}> ", pl.col("mention")))
        .when(pl.col("mention").is_not_null())
        .then(pl.format("@{} ", pl.col("mention")))
        .otherwise(pl.lit(""))
    )
    text = pl.concat_str(
        prefix,
        pl.col("_template"),
        pl.when(pl.col("_len") > 0).then(pl.lit(" ")).otherwise(pl.lit("")),
        context,
    )
    ts = pl.from_epoch("ts_us", time_unit="us").dt.replace_time_zone("UTC")
    mentions = (
        pl.when(pl.col("here"))
        .then(pl.lit(["@here"], dtype=pl.List(pl.String)))
        .when(pl.col("mention").is_not_null())
        .then(pl.concat_list(pl.col("mention")))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
    )
    events = frame.select(
        "source",
        "channel",
        "conversation_id",
        "message_id",
        "author",
        "author_is_bot",
        ts.alias("ts"),
        "kind",
        pl.when(pl.col("text_kind") >= 0).then(text).alias("text"),
        "reactions",
        "is_opener",
        "subtype",
        mentions.alias("mentions"),
        "author_tz",
        pl.when(pl.col("edited"))
        .then(ts + pl.duration(microseconds=pl.col("_edit")))
        .alias("edited_at"),
        pl.lit(None, dtype=pl.String).alias("attached_by"),
    )
    # Two Slack messages of one channel in the same microsecond would share an id; drop the
    # rare second one, as a re-export would.
    events = events.unique("message_id", keep="first", maintain_order=True)
    return events.cast({name: col.dtype for name, col in EVENT_COLUMNS.items()}).sort(
        "ts", "message_id"
    )


def cached(n: int, seed: int = 7, cache: Path = CACHE) -> Path:
    """The Parquet file of :func:`generate`'s table, written on first use."""
    path = cache / f"events-{n}-s{seed}-v{VERSION}.parquet"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        events = generate(n, seed)
        partial = path.with_suffix(".partial")
        events.write_parquet(partial, compression="zstd", statistics=True)
        partial.rename(path)
    return path


def describe(events: pl.DataFrame) -> str:
    """The distributions that make the table realistic, in a few lines."""
    slack = events.filter(pl.col("source") == "slack")
    sizes = events.group_by("conversation_id", "source").len()
    slack_sizes = sizes.filter(pl.col("source") == "slack")["len"]
    pr_sizes = sizes.filter(pl.col("source") == "github")["len"]
    length = events["text"].str.len_chars().drop_nulls()
    ja = events["text"].str.contains(r"[\p{Hiragana}\p{Katakana}]").mean()
    names = (
        slack.select(pl.col("reactions").list.eval(pl.element().struct.field("name")))
        .explode("reactions")
        .drop_nulls()["reactions"]
        .value_counts(sort=True)
        .head(5)
    )
    top = ", ".join(f"{r[0]} {r[1]}" for r in names.rows())
    return "\n".join(
        [
            f"{events.height:,} messages: {slack.height:,} Slack, "
            f"{events.height - slack.height:,} PR events; "
            f"{events['author'].n_unique():,} authors, {events['channel'].n_unique():,} channels "
            "and repositories",
            f"bots {events['author_is_bot'].mean():.1%} of messages; Japanese text "
            f"{ja:.1%}; reactions on {(slack['reactions'].list.len() > 0).mean():.1%} of "
            f"Slack messages (top: {top})",
            f"Slack conversations {slack_sizes.len():,}: size median "
            f"{slack_sizes.median():.0f}, p90 {slack_sizes.quantile(0.9):.0f}, p99 "
            f"{slack_sizes.quantile(0.99):.0f}, max {slack_sizes.max()}; single messages "
            f"{(slack_sizes == 1).mean():.0%}",
            f"pull requests {pr_sizes.len():,}: events median {pr_sizes.median():.0f}, p90 "
            f"{pr_sizes.quantile(0.9):.0f}, max {pr_sizes.max()}",
            f"text length median {length.median():.0f} chars, p90 {length.quantile(0.9):.0f}, "
            f"p99 {length.quantile(0.99):.0f}, max {length.max()}",
            "time zones: "
            + ", ".join(
                f"{z} {c:,}"
                for z, c in events["author_tz"].drop_nulls().value_counts(sort=True).rows()
            ),
            f"from {events['ts'].min():%Y-%m-%d} to {events['ts'].max():%Y-%m-%d}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--force", action="store_true", help="regenerate even if cached")
    args = parser.parse_args()
    path = args.cache / f"events-{args.messages}-s{args.seed}-v{VERSION}.parquet"
    if args.force and path.exists():
        path.unlink()
    started = time.perf_counter()
    path = cached(args.messages, args.seed, args.cache)
    took = time.perf_counter() - started
    print(f"{path} ({path.stat().st_size / 1e6:.0f} MB, {took:.1f} s)")
    print(describe(pl.read_parquet(path)))


if __name__ == "__main__":
    main()
