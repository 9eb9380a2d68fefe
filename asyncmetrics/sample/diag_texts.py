"""Texts of the patterns planted for the over-rotation diagnostics (``diag_patterns.py``).

Each list does one thing, written so that a careful reader (and ``docs/classification.md``)
reads it the intended way: an escalation moves a thread to a call, a write-up puts the call's
outcome in writing, a doc pointer answers with a link to documentation, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Calls -------------------------------------------------------------------------------

# A responder moves the thread to a call. A statement that is neither a question nor a
# decision: an actionable reply by classification rule 10 (the requester can act: join).
CALL_PHRASES = [
    "We're going in circles here, let's hop on a call and look at it together.",
    "Let's jump on a quick call, I'll share my screen.",
    "Text isn't working for this one, let's get on a call in 5 minutes.",
    "I'd rather see it live, let's hop on a call after lunch.",
]
ZOOM = "https://acme.zoom.us/j/{n}"
MEET = "https://meet.google.com/{code}"
CALL_LINKS = [
    "Easier to show than to type: <{url}|Zoom>, I'm in the room now.",
    "Jumping into <{url}|this Meet> with the logs open, join when you can.",
    "<{url}|Zoom link> — I'll walk through the config with you there.",
]
# The requester asks for a call (a question: the requester's reply, not a follow-up).
REQUESTER_CALLS = [
    "Still the same. Could we hop on a call? Going back and forth isn't getting us there.",
    "No change on my side either. Can we jump on a quick call instead?",
]
# The first reply to a routine request, moving it to a call at once.
NEEDLESS_CALLS = [
    "Let's just jump on a call, it's quicker than typing.",
    "Easier live — let's hop on a quick call.",
    "Let's get on a call for this, two minutes.",
    "Quick call? <{url}|Zoom>",
]
# After a call: only thanks or ok (no write-up).
AFTER_CALL_THANKS = ["thanks!", "thanks 🙏", "ok, thx", "Thanks, all good."]
AFTER_CALL_OK = ["ok", "ok 👍"]
# Write-ups of what a call found, by the responder ({fix} is the topic's working fix): a
# summary marker first, or 25+ words that state a decision ("agreed" and "we'll go with" also
# decide, so those write-ups converge the thread).
WRITEUPS_BY_RESPONDER = [
    ("Summary for the thread: {fix}", "answer"),
    (
        "Notes from the call, for anyone following along: {fix_lc} We also agreed to add an "
        "alert so this gets caught before the next release.",
        "decide",
    ),
    (
        "Recap of what we found on the call: {fix_lc} The earlier suggestions only hid the "
        "symptom, which is why nothing changed.",
        "answer",
    ),
    (
        "OK, writing it down so it's not lost: {fix_lc} We'll go with the same change on the "
        "other services this week, so nobody runs into it again.",
        "decide",
    ),
]
# Write-ups by the requester: they accept (thanks) or decide ("we decided").
WRITEUPS_BY_REQUESTER = [
    ("Summary: {fix} Thanks {who} for the call!", "confirm"),
    (
        "Notes from the call, so it's written down: {fix_lc} Deployed it to staging and it "
        "works now.",
        "confirm",
    ),
    (
        "To summarise the huddle: {fix_lc} We decided to roll the same change out to prod "
        "tomorrow morning, after the release cut. Thanks!",
        "decision",
    ),
]

# Routine requests (at most 60 words): (channel, text, what the call settled, elements).
ROUTINE = [
    (
        "eng-platform",
        "Can someone add me to the `deploy-approvers` group? I need it for the payments release.",
        "Done, you're in `deploy-approvers` now.",
        frozenset({"ask"}),
    ),
    (
        "eng-platform",
        "Could someone raise the CI minutes quota for `acme/web`? The nightly job hit the limit.",
        "Raised the quota to 6000 minutes, the nightly should run again.",
        frozenset({"ask", "problem"}),
    ),
    (
        "eng-platform",
        "Can I get read access to the prod logs in Grafana? Working on the 502 follow-up.",
        "Added you to `grafana-prod-viewers`.",
        frozenset({"ask"}),
    ),
    (
        "data-help",
        "Can someone share the query behind the WAU tile on the exec dashboard?",
        "Sent you the query as a file, it's `wau_exec.sql` in the BI repo too.",
        frozenset({"ask"}),
    ),
    (
        "data-help",
        "Could someone add the `marketing` schema to my warehouse role?",
        "Granted `marketing_reader`, it applies at the next hourly sync.",
        frozenset({"ask"}),
    ),
    (
        "data-help",
        "Can someone rerun yesterday's `sessions` backfill for me? I don't have the Airflow "
        "permission.",
        "Rerun is done, yesterday's partition is there now.",
        frozenset({"ask"}),
    ),
    (
        "eng-platform",
        "Which channel gets the pager alerts for `billing-worker` now?",
        "It's `#billing-alerts` since the move, I've added you.",
        frozenset({"ask"}),
    ),
    (
        "product-decisions",
        "Can someone confirm the final copy for the pricing page banner?",
        "Final copy is the second option from the doc, without the exclamation mark.",
        frozenset({"ask"}),
    ),
]
JA_ROUTINE = (
    "ステージングのDBのパスワードはどこで確認できますか？",
    "ハドルで話しましょう！",
    "1Passwordの`staging-db`に入れておきました。",
)
# Incidents that deserve a call at once: long openers (more than 60 words), so an immediate
# escalation is not needless. (channel, opener, write-up)
INCIDENTS = [
    (
        "eng-platform",
        "Prod incident: `payments` started returning 502s for about 8% of requests at 14:10 "
        "UTC, right after the `billing-worker` 2.14.2 deploy. Rolling back `billing-worker` did "
        "not help and the error rate is flat at 8%. Dashboard: "
        "<https://grafana.acme.example/d/payments?from=now-1h|payments>. The load balancer "
        "logs show upstream resets from two of the four pods only, both on the same node. I "
        "think the node's conntrack table is full, but I'm not sure how to confirm it. Can "
        "someone from platform help me look at this right now?",
        "Summary: the node `ip-10-2-14-7` had a full conntrack table after the kernel update. "
        "We cordoned it, the two pods moved and the 502s stopped at 14:52 UTC. Follow-up "
        "ticket for the sysctl change is OPS-3391.",
    ),
    (
        "data-help",
        "The nightly finance load wrote yesterday's invoices twice into `finance.invoices`, "
        "so every revenue number on the exec dashboard is doubled since 06:00 UTC and the CFO "
        "report goes out at 10:00 UTC. The load log is here: "
        "<https://airflow.acme.example/dags/finance_load/grid|finance_load>. I suspect the retry "
        "after the network blip re-ran the insert without the dedupe step. Could someone help "
        "me fix the table and stop the report in the next hour?",
        "Notes from the call: we deleted the duplicate batch (`load_id = 88213`), re-ran the "
        "dedupe step and paused the CFO report until the numbers matched the source. The retry "
        "now skips the insert when the batch exists; the change gets a review today.",
    ),
    (
        "eng-platform",
        "Heads-up and help needed: the `api` pods in prod are restarting every few minutes "
        "with `OOMKilled` since the 11:00 UTC deploy, and p99 latency went from 300 ms to 4 s. "
        "The deploy only bumped the JSON library and the base image. Memory graph: "
        "<https://grafana.acme.example/d/api-memory|api memory>. Maybe the new base image "
        "changed the allocator. Should we roll back now or can someone look with me first?",
        "Summary: we rolled back the base image (not the JSON library) and memory is flat "
        "again. The new image ships a different glibc whose arenas grew without bound under "
        "our thread count; we'll set `MALLOC_ARENA_MAX=2` before trying the image again.",
    ),
    (
        "data-help",
        "Something is badly off with the churn model: since this morning's retrain it scores "
        "every enterprise customer above 0.9, and customer success has started calling "
        "accounts about it. The retrain run is "
        "<https://features.acme.example/runs/5121|run 5121> and the feature drift report "
        "shows `seats_active` as all zeros. My guess is the upstream seats table changed. Can "
        "someone help me work out whether to roll the model back right now?",
        "Recap from the huddle: `seats_active` is zero because the seats table moved to a new "
        "schema on Monday. We rolled the model back to last week's version, told customer "
        "success to ignore today's scores, and the feature job now reads the new schema.",
    ),
]

INCIDENT_ELEMENTS = [
    frozenset({"problem", "data", "hypothesis", "ask"}),
    frozenset({"problem", "data", "hypothesis", "ask"}),
    frozenset({"problem", "data", "hypothesis", "proposal", "ask"}),
    frozenset({"problem", "data", "hypothesis", "proposal", "ask"}),
]
INCIDENT_CALLS = [
    "Let's get on a call right now, I'm opening a huddle.",
    "This needs eyes on screens, let's hop on a call now.",
]


@dataclass(frozen=True)
class JaLoop:
    """A clarification loop in Japanese, a huddle, and its まとめ."""

    channel: str
    opener: str
    elements: frozenset[str]
    clarify: str
    detail: str
    attempt: str
    still: str
    clarify2: str
    detail2: str
    call: str
    writeup: str
    writeup_by_asker: bool
    confirm: str
    ok: str  # the only reply after the call when nothing is written up


JA_LOOPS = [
    JaLoop(
        "eng-platform",
        "`billing-worker`のステージングへのデプロイが失敗します。何が原因でしょうか？",
        frozenset({"problem", "ask"}),
        "どのエラーが出ていますか？",
        "`CreateContainerConfigError`です。`make deploy ENV=staging`を実行すると毎回出ます。",
        "シークレットが古いのかもしれません。`kubectl delete secret billing-worker-env`してから"
        "再デプロイしてみてください。",
        "再デプロイしましたが、同じエラーのままです。",
        "Podのイベントには何と出ていますか？",
        "`secret billing-worker-db not found`と出ています。",
        "文字だと分かりにくいので、ハドルで話しましょう。",
        "まとめ: 原因は新しいシークレット`billing-worker-db`がステージングに作られていなかった"
        "ことでした。`make secrets ENV=staging`で作成して、再デプロイしたら起動しました。",
        False,
        "ありがとうございます、動きました！",
        "了解です",
    ),
    JaLoop(
        "data-help",
        "`fct_orders`のdbtテストが本番で失敗します。原因が分かる方いますか？",
        frozenset({"problem", "ask"}),
        "どのテストが失敗していますか？",
        "`not_null_fct_orders_customer_id`です。昨日から42件が失敗しています。",
        "`stg_customers`が古いのかもしれません。`dbt build -s +fct_orders`で上流から作り直して"
        "みてください。",
        "作り直しましたが、42件のままです。",
        "その42件の注文はいつ作成されたものですか？",
        "全部、昨日のゲスト購入の注文です。",
        "画面を見ながら話したいので、ハドルで話しましょう。",
        "まとめ: ゲスト購入は`customer_id`が空になる仕様でした。テストに`where: not is_guest`の"
        "条件を追加して、テストは通りました。ありがとうございました！",
        True,
        "ありがとうございます！",
        "承知しました",
    ),
]

# --- Self-contained and vague requests --------------------------------------------------

# Steps to reproduce and a proposed fix for each topic (keyed by Topic.thing).
STEPS = {
    "the `api` deploy to staging": "1. Merge anything to `main` of acme/api\n"
    "2. Watch the `deploy-staging` job\n"
    "3. It sits at `Waiting for rollout` and fails after 20 minutes",
    "the `web` build on CI": "1. Push any commit to a branch of acme/web\n"
    "2. The `build` job starts `npm ci`\n"
    "3. It stops with `EINTEGRITY` on `@acme/ui`",
    "the `orders` Postgres migration": "1. Run `make migrate ENV=staging`\n"
    "2. The job reaches `ALTER TABLE orders ADD COLUMN channel`\n"
    "3. It waits on a lock and never finishes",
    "the TLS certificate for `status.acme.example`": "1. Open the status page in any browser\n"
    "2. The browser shows a certificate warning\n"
    "3. `kubectl describe certificate status-tls` says the order is pending",
    "the `payments` service in prod": "1. Send steady traffic to any `payments` endpoint for a "
    "few minutes\n"
    "2. Compare the load balancer logs with the pod logs\n"
    "3. About 2% of requests get a 502 from the LB with nothing in the pod logs",
    "`terraform plan` for the `network` stack": "1. Check out `main` of acme/infra\n"
    "2. Run `terraform init -upgrade` in `network/`\n"
    "3. Run `terraform plan`: it shows `forces replacement` on `aws_nat_gateway.main`",
    "the `redis-cache` cluster in staging": "1. Open the redis dashboard for staging\n"
    "2. Run the API load test for five minutes\n"
    "3. Memory hits 100% and `evicted_keys` climbs by thousands per minute",
    "my laptop's VPN": "1. Update the VPN client to 7.2.1\n"
    "2. Connect to the VPN\n"
    "3. Run `nslookup grafana.acme.internal`: it fails, public names resolve",
    "the nightly `orders_export` DAG": "1. Trigger `orders_export` for any day since Monday\n"
    "2. Wait for the `join_customers` task\n"
    "3. It dies with `MemoryError` after about 25 minutes",
    "the `fct_revenue` dbt model": "1. Run `dbt build -s fct_revenue` against prod\n"
    "2. The model itself builds\n"
    "3. `unique_fct_revenue_order_id` fails with 212 duplicates",
    "the Weekly Active Users dashboard": "1. Open the exec dashboard\n"
    "2. Look at the WAU tile for yesterday\n"
    "3. It shows 0, while counting yesterday's rows in `events` gives normal numbers",
    "read access to the `finance` schema in the warehouse": "1. Log in to the SQL client\n"
    "2. Run `select * from finance.invoices limit 1`\n"
    "3. It fails with `permission denied for schema finance`",
    "the `churn_score` feature in the ML feature store": "1. Open the `churn_score` feature "
    "page\n"
    "2. Filter on customers created after June 15\n"
    "3. Every value is null",
}
PROPOSALS = {
    "the `api` deploy to staging": "We could point the probe at `/health` in "
    "`deploy/api/values.yaml` and re-run.",
    "the `web` build on CI": "I propose we purge the runners' npm cache and pin `@acme/ui` "
    "until it is republished.",
    "the `orders` Postgres migration": "We could cancel the blocking query and schedule "
    "migrations outside the Metabase sync window.",
    "the TLS certificate for `status.acme.example`": "I propose switching the issuer to DNS-01 "
    "for this ingress.",
    "the `payments` service in prod": "We could set the server keep-alive below 60s and redeploy.",
    "`terraform plan` for the `network` stack": "I propose we pin `connectivity_type` "
    "explicitly rather than roll back the provider.",
    "the `redis-cache` cluster in staging": "We could restore the TTL on session keys and "
    "expire the old ones with a one-off script.",
    "my laptop's VPN": "We could add the DNS setting to the client profile that IT pushes to "
    "laptops.",
    "the nightly `orders_export` DAG": "We could read `orders_enriched` from dbt instead of "
    "joining in pandas.",
    "the `fct_revenue` dbt model": "I propose aggregating refunds per order in `int_refunds` "
    "so the grain stays one row per order.",
    "the Weekly Active Users dashboard": "We could backfill `sessions` for yesterday and add a "
    "freshness check to the tile.",
    "read access to the `finance` schema in the warehouse": "We could add `finance_reader` to "
    "my account, if that is the right role.",
    "the `churn_score` feature in the ML feature store": "I propose removing the date filter "
    "from the feature job and rerunning it.",
}
# Topics whose `ask` already puts forward a fix ("or should we roll back the provider?").
ASK_PROPOSES = frozenset(
    {
        "the `web` build on CI",
        "the TLS certificate for `status.acme.example`",
        "the nightly `orders_export` DAG",
        "the `fct_revenue` dbt model",
        "`terraform plan` for the `network` stack",
    }
)
# Openers with five or six elements: (template, elements besides the topic's ask proposal).
FULL_OPENERS = [
    (
        "{Thing} {symptom}.\nSteps to reproduce:\n{steps}\nLog: {log}\n{guess} {proposal} {ask}",
        frozenset({"problem", "steps", "data", "hypothesis", "proposal", "ask"}),
    ),
    (
        "Hi all, {thing} {symptom}.\nTo reproduce:\n{steps}\nDetails: {log}\n{guess}\n"
        "{proposal}\n{ask}",
        frozenset({"problem", "steps", "data", "hypothesis", "proposal", "ask"}),
    ),
    (
        "{Thing} {symptom}.\n{steps}\nRun: {log}\n{proposal} {ask}",
        frozenset({"problem", "steps", "data", "proposal", "ask"}),
    ),
    (
        "{Thing} {symptom}. Steps:\n{steps}\nLog: {log}. {guess} {ask}",
        frozenset({"problem", "steps", "data", "hypothesis", "ask"}),
    ),
]
# Japanese: (channel, opener, answer, confirmation); all six elements.
JA_FULL = [
    (
        "eng-platform",
        "`billing-worker`のステージングへのデプロイが`ImagePullBackOff`で失敗します。\n"
        "再現手順:\n1. `make build`\n2. `make deploy ENV=staging SERVICE=billing-worker`\n"
        "3. `kubectl get pods`で`ImagePullBackOff`になる\n"
        "ログ: <https://ci.acme.example/acme/api/runs/{n}|デプロイ {n}>\n"
        "レジストリの認証が切れているのかもしれません。"
        "CIで毎回`make registry-login`を実行するのはどうでしょう？確認していただけますか？",
        "その通りで、認証切れです。`ci/deploy.yml`の最初のステップに`make registry-login`を"
        "追加してください。",
        "ありがとうございます、直りました！",
    ),
    (
        "data-help",
        "`fct_revenue`の日次集計クエリが本番でタイムアウトします。\n"
        "再現手順:\n1. <https://bi.acme.example/queries/{n}|このクエリ>を開く\n"
        "2. 期間を先月にして実行する\n3. 5分後にタイムアウトする\n"
        "パーティション列で絞っていないのが原因かもしれません。"
        "`order_date`の条件を追加することを提案します。見ていただけますか？",
        "はい、`WHERE order_date >= '2026-07-01'`のように絞ってください。"
        "クエリの書き方は変えなくて大丈夫です。",
        "1分以内になりました、助かりました！",
    ),
]
# Bare openers: (text, Topic.thing it is about, elements). "??" is exasperation, not an ask.
BARE = [
    ("staging is broken again", "the `api` deploy to staging", frozenset({"problem"})),
    ("CI failing on main", "the `web` build on CI", frozenset({"problem"})),
    ("deploy is broken??", "the `api` deploy to staging", frozenset({"problem"})),
    ("the nightly export failed", "the nightly `orders_export` DAG", frozenset({"problem"})),
    ("dashboards look wrong today", "the Weekly Active Users dashboard", frozenset({"problem"})),
    ("payments is throwing errors again", "the `payments` service in prod", frozenset({"problem"})),
    (
        "terraform plan is broken",
        "`terraform plan` for the `network` stack",
        frozenset({"problem"}),
    ),
    ("redis errors in staging 😩", "the `redis-cache` cluster in staging", frozenset({"problem"})),
    ("VPN not working", "my laptop's VPN", frozenset({"problem"})),
    ("revenue model failing", "the `fct_revenue` dbt model", frozenset({"problem"})),
    (
        "churn scores look wrong??",
        "the `churn_score` feature in the ML feature store",
        frozenset({"problem"}),
    ),
    ("migration stuck", "the `orders` Postgres migration", frozenset({"problem"})),
    ("<@{resp}> staging 😕", "the `api` deploy to staging", frozenset()),
    (
        "<@{resp}> the warehouse thing again",
        "read access to the `finance` schema in the warehouse",
        frozenset(),
    ),
]
# Japanese bare openers: (text, index in topics.JA_TOPICS).
JA_BARE = [("デプロイが動きません", 0), ("dbtでエラーが出ます", 1)]

# --- Time zones ---------------------------------------------------------------------------

# A mention of {target}, who is asleep when it lands: (template, elements besides the topic's
# ask proposal when {ask} is used).
MENTION_OPENERS = [
    ("<@{target}> {Thing} {symptom}. {ask}", frozenset({"problem", "ask"})),
    (
        "<@{target}> quick one: {thing} {symptom} ({log}). {ask}",
        frozenset({"problem", "data", "ask"}),
    ),
    (
        "{Thing} {symptom}. {guess} <@{target}> could you take a look when you're around?",
        frozenset({"problem", "hypothesis", "ask"}),
    ),
    ("Hey <@{target}>, {thing} {symptom}. {tried} {ask}", frozenset({"problem", "ask"})),
]
# Deadlines that name their time zone: (template, the deadline as written, elements).
ZONED_DEADLINES = [
    (
        "{Thing} {symptom}. {ask} We need it fixed by 17:00 CET, that's when the release train "
        "leaves.",
        "by 17:00 CET",
        frozenset({"problem", "ask"}),
    ),
    (
        "Can someone look at {thing} by 16:00 UTC? It {symptom}. Log: {log}",
        "by 16:00 UTC",
        frozenset({"problem", "data", "ask"}),
    ),
    (
        "{Thing} {symptom}. {ask} I need an answer by end of day Berlin time (17:00 CEST).",
        "by end of day Berlin time (17:00 CEST)",
        frozenset({"problem", "ask"}),
    ),
    (
        "Need a second pair of eyes by Friday 12:00 UTC: {thing} {symptom}. {ask}",
        "by Friday 12:00 UTC",
        frozenset({"problem", "ask"}),
    ),
    (
        "{Thing} {symptom} ({log}). {ask} The deadline is 10:00 PT tomorrow (17:00 UTC), before "
        "the customer call.",
        "10:00 PT tomorrow (17:00 UTC)",
        frozenset({"problem", "data", "ask"}),
    ),
    (
        "{Thing} {symptom}. {ask} Please reply by 18:00 IST (12:30 UTC) so we can rerun it before "
        "the nightly load.",
        "by 18:00 IST (12:30 UTC)",
        frozenset({"problem", "ask"}),
    ),
    (
        "Can someone review the fix for {thing} before 15:00 UTC tomorrow? It {symptom}.",
        "before 15:00 UTC tomorrow",
        frozenset({"problem", "ask"}),
    ),
    (
        "{Thing} {symptom}. {ask} Needed by EOD UTC, the audit export runs at midnight UTC.",
        "by EOD UTC",
        frozenset({"problem", "ask"}),
    ),
]

# --- Status updates -----------------------------------------------------------------------

GOOD_STANDUPS = [
    "Shipped: {done}\nToday: {one}\nBlockers: none",
    "*Done:* {done}\n*Doing:* {one}\n*Blockers:* none",
    "Yesterday: {done}\nToday: {one}\nBlockers: none 🙌",
]
JA_GOOD_STANDUP = "昨日やったこと: {done}\n今日やること: {one}\nブロッカー: なし"
JA_WORK = [
    "`fct_revenue`のテスト追加",
    "セッションのバックフィル",
    "デプロイパイプラインのキャッシュ対応",
    "証明書のDNS-01移行",
]
# Missing a section, or three things at once.
BAD_STANDUPS = [
    "Today: {one}\nBlockers: none",
    "Yesterday: {done}\nToday: {one}",
    "Done: {done}\nBlockers: none",
    "Yesterday: {done}\nToday: {a}, {b} and {c}\nBlockers: none",
    "Shipped: {done}\nToday:\n• {a}\n• {b}\n• {c}\nBlockers: none",
    "Working on {a} today, then {b} if there's time.",
]
BLOCKED_STANDUPS = [
    "Shipped: {done}\nToday: {one}\nBlockers: waiting on <@{who}> for DB access",
    "Yesterday: {done}\nToday: {one}\nBlockers: waiting on <@{who}> for read access to the "
    "`orders` replica",
    "Done: {done}\nDoing: {one}\nBlocked: need <@{who}> to approve my prod access request",
]
UNBLOCKS = [
    "Done — you have read access to `orders-staging` now.",
    "Granted, the role applies at the next hourly sync: "
    "<https://access.acme.example/roles|access tool>",
    "Approved your request in the access tool, you should be able to log in now.",
]
UNBLOCKED_THANKS = ["thanks, unblocked 🙏", "Works, thanks!", "🙏 thank you"]

# --- Repeated questions and doc pointers ------------------------------------------------

# Three questions asked again weeks apart: (cluster, channel, askers, wordings, first answer,
# later answers pointing to the write-up).
REPEATED = [
    (
        "staging-db-access",
        "data-help",
        ("casey", "arjun", "sofia"),
        (
            "How do I get access to the staging database?",
            "how do I get staging database access?",
            "How do I get access to the staging database? Need it for a backfill test.",
        ),
        "Request the `staging_db_reader` role in <https://access.acme.example/roles|the access "
        "tool>, then connect through the bastion with `make db-shell ENV=staging`.",
        (
            "It's in the runbook: <https://wiki.acme.example/runbooks/staging-db|staging DB "
            "access>",
            "Same answer as last time, it's written up here: "
            "<https://wiki.acme.example/runbooks/staging-db|staging DB runbook>",
        ),
    ),
    (
        "rotate-api-keys",
        "eng-platform",
        ("lena", "rahul", "casey"),
        (
            "What is the process for rotating the staging API keys?",
            "what's the process for rotating staging API keys?",
            "What is the process for rotating the API keys in staging?",
        ),
        "Run `make rotate-keys ENV=staging`, then restart the `api` and `web` deployments so "
        "they pick up the new secret; the old keys stay valid for 24 hours.",
        (
            "We documented it after the last time: "
            "<https://docs.acme.example/platform/rotating-api-keys|Rotating API keys>",
            "See the README: <https://github.com/acme/api/blob/main/README.md#rotating-keys|"
            "README, Rotating keys>",
        ),
    ),
    (
        "new-service-dns",
        "eng-platform",
        ("sofia", "yui", "arjun"),
        (
            "How do I add a DNS record for a new internal service?",
            "How do I add a DNS record for a new internal service? Trying to expose the reports "
            "API.",
            "how do I add DNS records for a new internal service?",
        ),
        "Add an entry to `dns/internal.tf` with the service name and the ingress address, and "
        "the platform team applies it on merge.",
        (
            "It's on Confluence now: <https://acme.atlassian.net/wiki/spaces/PLAT/pages/60112/"
            "Internal+DNS|Internal DNS>",
            "Here's the guide: <https://www.notion.so/acme/Internal-DNS-records-7c01d2|Internal "
            "DNS records>",
        ),
    ),
]
# Questions answered by a pointer to documentation: (channel, question, answer).
DOC_QUESTIONS = [
    (
        "eng-platform",
        "Is there a checklist for rotating the TLS certificates on the internal ingresses?",
        "Yes, it's in the runbook: <https://wiki.acme.example/runbooks/tls-rotation|TLS "
        "rotation runbook>. Step 4 is the one people usually miss.",
    ),
    (
        "eng-platform",
        "How should I run the `api` service locally against the staging config?",
        "The README covers it: <https://github.com/acme/api/blob/main/README.md#running-locally|"
        "README, Running locally>.",
    ),
    (
        "data-help",
        "What is the difference between `fct_orders` and `orders_enriched`?",
        "It's documented in the model docs: "
        "<https://docs.acme.example/data/models/fct_orders|fct_orders docs>; in short, "
        "`orders_enriched` adds the customer fields.",
    ),
    (
        "data-help",
        "Where do we define an active user for the WAU metric?",
        "Metric definitions live in Notion: "
        "<https://www.notion.so/acme/Metric-definitions-4f2a9c|Metric definitions>, WAU is "
        "under Engagement.",
    ),
    (
        "eng-platform",
        "Who approves production access requests, and how long does that usually take?",
        "The process is on Confluence: <https://acme.atlassian.net/wiki/spaces/ENG/pages/48213/"
        "Production+access|Production access>. Your manager approves, then platform, usually "
        "within a day.",
    ),
    (
        "product-decisions",
        "Did we ever write down the rules for naming feature flags?",
        "We did, in this doc: <https://docs.google.com/document/d/1kXf9flagnaming|Feature flag "
        "naming>.",
    ),
    (
        "data-help",
        "Which naming convention should a new staging model in dbt follow?",
        "See the style guide: <https://github.com/acme/analytics/blob/main/docs/style-guide.md|"
        "docs/style-guide.md>, section Naming.",
    ),
    (
        "eng-platform",
        "What's the on-call handover routine on Fridays?",
        "It's in the on-call handbook: <https://wiki.acme.example/oncall/handover|handover page>.",
    ),
    (
        "eng-platform",
        "Can I get a preview environment for a pull request in `acme/web`?",
        "Add the `preview` label to the PR; details are in "
        "<https://docs.acme.example/platform/preview-environments|Preview environments>.",
    ),
    (
        "data-help",
        "Is there a guide for backfilling a single day in Airflow?",
        "Yes: <https://wiki.acme.example/data/airflow-backfills|Airflow backfills> in the data "
        "wiki.",
    ),
    (
        "eng-platform",
        "Where are the steps for bumping Node on the CI runners written down?",
        "Follow the runner upgrade notes on Confluence: "
        "<https://acme.atlassian.net/wiki/spaces/PLAT/pages/51877/CI+runner+upgrades|CI runner "
        "upgrades>.",
    ),
]
JA_DOC = (
    "本番DBの読み取り専用ユーザーの申請方法を教えてください",
    "<https://wiki.acme.example/platform/db-access|DBアクセスのページ>に手順があります。",
    "ありがとうございます、申請しました",
)
