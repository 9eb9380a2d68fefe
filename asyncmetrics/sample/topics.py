"""What people ask about: technical problems with their context, clarifications and fixes.

Each field is written to do one thing unambiguously (see ``docs/classification.md``): a fix
holds code, a link or a concrete suggestion; a clarifying question only asks for information;
a requester's `detail`/`still` adds facts without thanking or deciding. `{n}` is filled with a
run or build number.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    channel: str
    thing: str  # a noun phrase, lower-case start
    symptom: str  # continues the sentence after `thing`
    log: str  # a Slack link
    tried: str
    guess: str
    ask: str  # the explicit question
    vague: str  # a low-context opener
    clarify: str  # a responder's question for information
    detail: str  # the requester's answer to it
    fix: str  # the answer that works
    attempt: str  # a plausible suggestion that does not work
    still: str  # the requester: the attempt did not help
    clarify2: str
    detail2: str


ENG = "eng-platform"
DATA = "data-help"

TOPICS: list[Topic] = [
    Topic(
        ENG,
        "the `api` deploy to staging",
        "hangs at `Waiting for rollout` for 20 minutes and then times out",
        "<https://ci.acme.example/acme/api/runs/{n}|deploy run {n}>",
        "I re-ran it twice and the new pods do start, but the old ReplicaSet never scales down.",
        "My guess is the readiness probe still points at `/healthz`, which we renamed last week.",
        "Is the probe the likely cause, or is something else holding the rollout?",
        "staging deploys are broken, help?",
        "Which service, and is it the deploy job or the rollout that fails?",
        "`api`, the rollout. The job just waits until it times out.",
        "The probe is the problem: set `readinessProbe.httpGet.path: /health` in "
        "`deploy/api/values.yaml`, the old path returns 404 since the rename.",
        "Try bumping `progressDeadlineSeconds` to 1200 in `deploy/api/values.yaml`, "
        "the cluster is slow to pull images this week.",
        "Tried the longer deadline, it now hangs for 20 minutes instead of 10.",
        "Do you see any events on the new pods?",
        "`Readiness probe failed: HTTP probe failed with statuscode: 404` on every new pod.",
    ),
    Topic(
        ENG,
        "the `web` build on CI",
        "fails at `npm ci` with `EINTEGRITY` since this morning",
        "<https://ci.acme.example/acme/web/runs/{n}|build {n}>",
        "It passes locally with a clean `node_modules`, and re-running the job does not help.",
        "I suspect a cached tarball on the runners got corrupted.",
        "Can someone with runner access clear the npm cache, or is there a better fix?",
        "web CI is red for everyone, can someone look?",
        "Is it every branch or only yours?",
        "Every branch, including `main`, since about 08:00 UTC.",
        "Run the `purge-npm-cache` workflow "
        "(<https://ci.acme.example/acme/web/workflows/purge|purge cache>), "
        "that drops the runners' cache; the corrupted tarball is `@acme/ui-4.2.1`.",
        "Try deleting `package-lock.json` and regenerating it with `npm install`.",
        "Regenerated the lockfile, same `EINTEGRITY` error on CI.",
        "Which package does the error name?",
        "`@acme/ui-4.2.1.tgz`, sha512 mismatch.",
    ),
    Topic(
        ENG,
        "the `orders` Postgres migration",
        "is stuck on `ALTER TABLE orders ADD COLUMN` in staging",
        "<https://grafana.acme.example/d/pg-locks?var-db=orders-staging|lock dashboard>",
        "The migration job has been running for 40 minutes; `pg_stat_activity` shows it waiting.",
        "I think a long-running analytics query holds a lock on `orders`.",
        "How do we find and stop the blocking query safely?",
        "migrations stuck again, anyone?",
        "Which database — staging or prod?",
        "Staging, `orders-staging`. Started at 10:05 UTC.",
        "Find it with `SELECT pid, query FROM pg_stat_activity WHERE wait_event_type = 'Lock'` "
        "and stop it with `SELECT pg_cancel_backend(pid)`; the Metabase sync is the usual "
        "culprit.",
        "Try restarting the migration job, sometimes it just needs a second attempt.",
        "Restarted it, it is waiting on the same lock again.",
        "Can you paste what pg_locks shows for the orders table?",
        "An `AccessShareLock` held by pid 4412, user `metabase`, for 2 hours.",
    ),
    Topic(
        ENG,
        "the TLS certificate for `status.acme.example`",
        "expired overnight and the status page now shows a browser warning",
        "<https://status.acme.example|status page>",
        "cert-manager shows the `Certificate` as not ready; the ACME order is pending.",
        "Probably the HTTP-01 challenge is blocked since we moved the ingress behind the WAF.",
        "Should I switch the issuer to DNS-01, or can the WAF let the challenge through?",
        "status page cert is broken, help?",
        "What error do you get when you describe the certificate?",
        "`Issuing certificate as Secret does not exist`, and the order is pending for 9 hours.",
        "Switch the issuer to DNS-01: add `solvers: [dns01: {route53: {}}]` to "
        "`infra/cert-manager/issuer.yaml`; the WAF drops `/.well-known/acme-challenge`.",
        "Try deleting the `status-tls` secret so cert-manager re-issues it from scratch.",
        "Deleted the secret, the new order is pending in exactly the same way.",
        "Which issuer does the certificate use, staging or prod Let's Encrypt?",
        "`letsencrypt-prod`, the same one as the other ingresses.",
    ),
]
TOPICS += [
    Topic(
        DATA,
        "the nightly `orders_export` DAG",
        "fails with `MemoryError` in the `join_customers` task since Monday",
        "<https://airflow.acme.example/dags/orders_export/grid?run_id={n}|Airflow run {n}>",
        "I cleared the task and re-ran it twice, it dies at the same step after about 25 minutes.",
        "I suspect the new `customers_v2` join doubled the row count.",
        "Is raising the worker memory the right fix, or should the join move into dbt?",
        "orders export is broken, help?",
        "Which run are you looking at, the scheduled one or a backfill?",
        "The scheduled one, every night since Monday.",
        "Move the join into dbt: `models/marts/orders_enriched.sql` already has it, so read that "
        "table in `join_customers` instead of joining in pandas.",
        "Try raising `executor_config` memory to 8Gi in `dags/orders_export.py`.",
        "Raised it to 8Gi, now it dies at the `write_parquet` step instead.",
        "How many rows does the joined frame have now?",
        "About 41M, it was 19M last week.",
    ),
    Topic(
        DATA,
        "the `fct_revenue` dbt model",
        "fails its `unique_fct_revenue_order_id` test in prod since the refund change",
        "<https://dbt.acme.example/runs/{n}|dbt run {n}>",
        "I ran `dbt test -s fct_revenue` locally against prod and got 212 duplicate order ids.",
        "My hypothesis: partial refunds now create a second row per order.",
        "Should the model aggregate refunds per order, or is the test wrong now?",
        "revenue model is failing, anyone know why?",
        "Which test fails exactly?",
        "`unique_fct_revenue_order_id`, 212 duplicates.",
        "Aggregate refunds per order in `int_refunds` (`group by order_id`, "
        "`sum(amount) as refunded_amount`); the grain of `fct_revenue` must stay one row per "
        "order, so the test is right.",
        "Try a full refresh with `dbt run -s fct_revenue --full-refresh`, the incremental "
        "state may be stale.",
        "Did the full refresh, the 212 duplicates are back.",
        "Are the duplicates all orders with partial refunds?",
        "Yes, all 212 have two rows in `stg_refunds`.",
    ),
    Topic(
        DATA,
        "the Weekly Active Users dashboard",
        "shows zero for yesterday although the app had normal traffic",
        "<https://bi.acme.example/dashboards/{n}|WAU dashboard>",
        "The raw `events` table has yesterday's rows; only the dashboard tile is empty.",
        "I think the `sessions` model did not run because of the schema change.",
        "Can someone check whether the sessions job ran, and how to backfill one day?",
        "WAU dashboard is wrong, can someone look?",
        "Which tile do you mean, and for which day?",
        "The WAU tile on the exec dashboard, for yesterday.",
        "The `sessions` job was skipped after the schema change; backfill it with "
        "`airflow dags backfill sessions -s DAY -e DAY` for yesterday's date and refresh the "
        "tile.",
        "Try clearing the dashboard cache from the tile menu, it sometimes keeps an empty result.",
        "Cleared the cache, the tile is still at zero.",
        "Do you see yesterday's partition in the sessions table?",
        "No, the latest partition is from the day before.",
    ),
    Topic(
        DATA,
        "read access to the `finance` schema in the warehouse",
        "is missing from my account, queries fail with `permission denied for schema finance`",
        "<https://wiki.acme.example/data/access|data access page>",
        "I followed the data access page and my request in the access tool shows as granted.",
        "Maybe the grant only applies to the `analyst` role and I am still on `reader`.",
        "Which role do I need, and who can assign it?",
        "warehouse access is not working for me, help?",
        "Which schema, and which role are you on?",
        "`finance`, and my role is `reader`.",
        "You need `finance_reader`; request it in <https://access.acme.example/roles|the access "
        "tool> and it is applied at the next hourly sync.",
        "Try logging out of the SQL client and back in, the role list is cached per session.",
        "Logged out and in, same `permission denied`.",
        "Which role does your SQL session use right now?",
        "`READER`.",
    ),
]
TOPICS += [
    Topic(
        ENG,
        "the `payments` service in prod",
        "returns intermittent 502s from the load balancer, about 2% of requests since 14:00 UTC",
        "<https://grafana.acme.example/d/payments?from=now-6h|payments dashboard>",
        "The pods are healthy and the error rate does not follow traffic.",
        "I think the LB idle timeout (60s) is shorter than our keep-alive (75s).",
        "Does that match what you see, and where do we set the keep-alive?",
        "payments is throwing 502s, can someone help?",
        "Which endpoint, and since when?",
        "All endpoints, since 14:00 UTC, about 2% of requests.",
        "Set `server.keepAliveTimeout = 55_000` in `payments/src/server.ts`, below the LB's 60s "
        "idle timeout, and redeploy.",
        "Try scaling `payments` from 4 to 8 replicas, it may be connection pressure.",
        "Scaled to 8, the 502 rate is the same.",
        "Do the 502s come from one availability zone or all of them?",
        "All three zones, evenly.",
    ),
    Topic(
        ENG,
        "`terraform plan` for the `network` stack",
        "wants to destroy and recreate the NAT gateway although nothing changed",
        "<https://ci.acme.example/acme/infra/plans/{n}|plan {n}>",
        "I ran `terraform init -upgrade` and the plan still shows `forces replacement`.",
        "I suspect the AWS provider upgrade changed the default of `connectivity_type`.",
        "Is it safe to pin the attribute, or should we roll back the provider?",
        "terraform wants to delete the NAT gateway?? help",
        "Which provider version is the plan using?",
        "`hashicorp/aws` 5.62, it was 5.40 before the upgrade.",
        'Pin it: add `connectivity_type = "public"` to `aws_nat_gateway.main` in '
        "`network/nat.tf`; the new provider treats the missing value as a change.",
        "Try `terraform refresh` first, the state may just be out of date.",
        "Refreshed, the plan still replaces the gateway.",
        "Does the plan show which attribute forces the replacement?",
        "`connectivity_type`, from null to `public`.",
    ),
    Topic(
        ENG,
        "the `redis-cache` cluster in staging",
        "evicts keys constantly and the API latency doubled",
        "<https://grafana.acme.example/d/redis?var-cluster=staging|redis dashboard>",
        "Memory is at 100% and `evicted_keys` climbs by thousands per minute.",
        "I think the session keys lost their TTL after last week's refactor.",
        "How do I confirm the TTL theory, and what is the quickest way to clean up?",
        "redis in staging is acting up, anyone?",
        "What do you mean by acting up: errors, latency or memory?",
        "Latency doubled and memory is at 100%.",
        "Run `redis-cli --scan --pattern 'sess:*' | head` and `TTL` on a few keys: -1 means no "
        "expiry. Then restore `ex=3600` in `session_store.set()` and run "
        "`scripts/expire_sessions.py` once.",
        "Try raising `maxmemory` to 4gb on the staging cluster, it may just be undersized.",
        "Raised it to 4gb, it filled up again within the hour.",
        "Which key prefix takes most of the memory?",
        "`sess:`, about 90% of keys.",
    ),
    Topic(
        ENG,
        "my laptop's VPN",
        "connects but no internal hostname resolves since the client update",
        "<https://wiki.acme.example/it/vpn|VPN page>",
        "I reinstalled the client and rebooted, and public sites work fine.",
        "Maybe the update reset the DNS settings to the system resolver.",
        "How do I get internal DNS back?",
        "VPN broken after update, help?",
        "Which OS and client version?",
        "macOS 15.5, client 7.2.1.",
        "In the client, enable `Use VPN DNS` under Settings → Network; 7.2.1 turns it off on "
        "upgrade (known issue, see <https://wiki.acme.example/it/vpn#dns|the VPN page>).",
        "Try flushing the DNS cache with `sudo dscacheutil -flushcache`.",
        "Flushed it, internal names still do not resolve.",
        "Which resolver does your Mac list first?",
        "My home router, 192.168.1.1.",
    ),
    Topic(
        DATA,
        "the `churn_score` feature in the ML feature store",
        "is null for every customer created since mid-June",
        "<https://features.acme.example/features/churn_score|feature page>",
        "The upstream `customer_activity` table has data for them.",
        "I think the feature job filters on a hard-coded date.",
        "Can someone confirm where the cut-off comes from?",
        "churn scores are missing, help?",
        "For which customers exactly?",
        "Everyone created since mid-June, about 3,100 customers.",
        "It is the `WHERE created_at < '2026-06-15'` left in `features/churn.sql` from the "
        "backtest; remove it and rerun `make features-churn`.",
        "Try re-materialising the feature with `feast materialize-incremental`.",
        "Re-materialised it, still null for the new customers.",
        "Do the new customers have rows in the training view?",
        "No, the view stops at June 14.",
    ),
]


@dataclass(frozen=True)
class Choice:
    """A product call: a question with options, views on it, and the decision."""

    question: str
    context: str
    clarify: str
    detail: str
    answer: str  # a recommendation (actionable, not a decision)
    pushback: str  # the requester: a concern, no thanks
    clarify2: str
    detail2: str
    answer2: str
    pushback2: str
    decision: str  # the requester decides


CHOICES: list[Choice] = [
    Choice(
        "Which onboarding flow should ship first: the checklist (A) or the guided tour (B)?",
        "Two-week test results: <https://bi.acme.example/reports/onboarding-ab|onboarding test>.",
        "Do you have the numbers split by plan?",
        "Split by plan: <https://bi.acme.example/reports/onboarding-ab?by=plan|by plan>. "
        "B wins on Team, flat on Free.",
        "I'd go with B: week-1 activation was 14 points higher and support tickets stayed flat.",
        "B costs us two more sprints of design work, and the checklist is nearly finished.",
        "Is the tour content localised yet, or only English?",
        "English only; German and Japanese are two weeks out.",
        "I'd ship A now for everyone and put B behind a flag for Team accounts.",
        "A flag for one plan doubles the QA matrix for the release.",
        "Let's go with the guided tour for all plans, English first.",
    ),
    Choice(
        "Should the Team plan be $12 or $15 per seat?",
        "Pricing research: <https://docs.acme.example/pricing-research-q3|pricing research>. "
        "Churn risk is in section 3.",
        "What churn do we expect at $15 for existing customers?",
        "Finance estimates 4% extra churn over two quarters at $15, none at $12.",
        "I'd recommend $15 with a 12-month grandfathering for existing customers.",
        "Grandfathering delays the revenue gain by a year.",
        "Which competitor prices do we compare against?",
        "Linear and Asana, both at $14 to $16.",
        "I'd suggest $14: the same net revenue in the model and half the churn risk.",
        "$14 breaks the round-number pricing page design.",
        "Decided: $15 per seat, existing customers keep $12 for six months.",
    ),
    Choice(
        "Should dark mode ship in 2.14 behind a flag, or wait for full coverage in 2.15?",
        "Coverage is at 80% of screens: <https://design.acme.example/dark-mode-audit|audit>.",
        "Which screens are still missing?",
        "Billing, the report builder and all emails.",
        "I'd ship in 2.14 behind a flag: the missing screens are rarely used at night.",
        "Half-dark billing pages will generate support tickets.",
        "How many users asked for it in the last quarter?",
        "312 feedback items, the most requested feature.",
        "I'd recommend 2.14 with billing excluded from the flag, it falls back to light.",
        "A per-screen fallback is more engineering than finishing billing.",
        "Let's ship it behind a flag in 2.14 with the billing fallback.",
    ),
    Choice(
        "For CSV exports, should we cap at 100k rows or switch to async exports sent by email?",
        "Timeouts on big exports this month: <https://grafana.acme.example/d/exports|exports>.",
        "What share of exports is above 100k rows?",
        "About 3%, almost all from five enterprise accounts.",
        "I'd go with async by email: the enterprise accounts are the ones who export most.",
        "Email delivery of large files has its own problems with attachment limits.",
        "Do those accounts have a limit on attachment size?",
        "Their security teams accept signed links that expire after 24h.",
        "Use signed download links in the email, valid for 24 hours, and keep the sync path under "
        "100k rows.",
        "Two export paths mean two code paths to maintain.",
        "Decision: async export with a signed link above 100k rows, sync below.",
    ),
    Choice(
        "How much notice should we give before turning off API v1: 90 or 180 days?",
        "v1 traffic by account: <https://bi.acme.example/reports/api-v1-usage|v1 usage>.",
        "How many accounts still call v1 every week?",
        "41 accounts, 6 of them enterprise.",
        "I'd give 180 days: two of the enterprise accounts have quarterly release cycles.",
        "180 days keeps the old auth code alive through the security audit.",
        "Does the audit require v1 to be gone, or only the old auth?",
        "Only the old auth; v1 could stay on the new auth.",
        "Move v1 onto the new auth now and give 180 days for the shutdown itself.",
        "Porting v1 to the new auth is about three weeks of work.",
        "Let's go with 180 days and port v1 to the new auth in September.",
    ),
    Choice(
        "Should the notification digest default to daily or weekly for new workspaces?",
        "Engagement by digest setting: <https://bi.acme.example/reports/digest|digest report>.",
        "Do you mean new workspaces only, or also existing users who never changed it?",
        "New workspaces only.",
        "I'd default to weekly: daily digests have a 3x higher unsubscribe rate.",
        "Weekly means a new user hears nothing from us in their first week.",
        "What does the first-week email sequence look like today?",
        "Three onboarding emails on days 1, 3 and 6.",
        "I'd keep weekly as the default and send the first digest on day 7, after the onboarding "
        "emails.",
        "Day 7 collides with the trial reminder email.",
        "Decided: weekly by default, first digest on day 8.",
    ),
    Choice(
        "For the field-app MVP, React Native or a PWA?",
        "Requirements: offline forms, camera, push. Spike notes: "
        "<https://docs.acme.example/field-app-spike|spike>.",
        "Which devices do the field teams use?",
        "Mostly older Android phones, some iPads.",
        "I'd go with a PWA: offline and camera work on Android, and we ship from one codebase.",
        "Push on iPads is the weak spot for a PWA.",
        "Is push required for the MVP, or could SMS cover it first?",
        "SMS is fine for the MVP according to the ops leads.",
        "Then a PWA with SMS alerts for the MVP, and revisit native after the pilot.",
        "The pilot customer asked about an app store listing.",
        "We'll go with the PWA for the pilot and revisit after.",
    ),
    Choice(
        "Should the trial be 14 or 30 days?",
        "Trial cohort data: <https://bi.acme.example/reports/trials|trial cohorts>.",
        "Do you have conversion by company size?",
        "Yes, in the second tab: small teams convert in week 1, larger ones in weeks 3 to 4.",
        "I'd keep 14 days and offer a one-click extension to 30 for teams above 20 seats.",
        "Sales says the extension step loses them leads.",
        "What share of trials is above 20 seats?",
        "11%, but 60% of the trial revenue.",
        "I'd make it 30 days for teams above 20 seats automatically, no extension step.",
        "Two trial lengths complicate the billing emails.",
        "Let's go with 30 days for 20+ seats and 14 for everyone else.",
    ),
]


@dataclass(frozen=True)
class JaTopic:
    """A question between the two Tokyo colleagues, in Japanese."""

    channel: str
    request: str
    answer: str
    vague: str
    clarify: str
    detail: str
    fix: str
    confirm: str


JA_TOPICS: list[JaTopic] = [
    JaTopic(
        ENG,
        "ステージング環境のデプロイ手順を教えてください。新しいサービスを初めてデプロイします。",
        "READMEの手順で試してみてください: "
        "<https://wiki.acme.example/platform/deploy#staging|デプロイ手順>",
        "ステージングのデプロイがうまくいきません、助けてください",
        "どのサービスですか？エラーメッセージを貼ってもらえますか？",
        "`billing-worker`です。`make deploy ENV=staging`で`ImagePullBackOff`になります",
        "レジストリの認証切れが原因です。"
        "`make registry-login`を実行してから再デプロイしてみてください",
        "ありがとうございます、解決しました",
    ),
    JaTopic(
        DATA,
        "dbtをローカルで実行する方法を教えてください。`profiles.yml`の書き方がわかりません。",
        "<https://wiki.acme.example/data/dbt-local|セットアップ手順>の`profiles.yml`をコピーして、"
        "`DBT_USER`を自分のユーザー名にしてみてください",
        "dbtが動きません、誰か助けてください",
        "どのコマンドで、どんなエラーが出ていますか？",
        "`dbt run -s stg_orders`で`permission denied`が出ます",
        "`profiles.yml`のroleが`reader`のままだと権限が足りません。`transformer`に変えてみてください",
        "動きました！ありがとうございます",
    ),
    JaTopic(
        DATA,
        "`fct_revenue`の集計クエリが10分以上かかります。速くする方法を教えてください: "
        "<https://bi.acme.example/queries/{n}|クエリ>",
        "パーティション列で絞ると速くなります。`WHERE order_date >= '2026-07-01'`のように書いて、"
        "<https://wiki.acme.example/data/partitions|パーティションのページ>も参照してください",
        "クエリが遅すぎます、どうすればいいですか？",
        "どのテーブルへのクエリですか？",
        "`fct_revenue`です。先月分の集計に12分かかっています",
        "`fct_revenue`は`order_date`でパーティションされています。`WHERE`でその列を絞ってみてください",
        "1分以内になりました、助かりました！",
    ),
    JaTopic(
        ENG,
        "新しいMacBookでVPNを設定する方法を教えてください",
        "<https://wiki.acme.example/it/vpn|VPNのページ>の手順で設定できます。"
        "プロファイルは`acme-vpn.mobileconfig`を使ってください",
        "VPNがつながりません、助けてください",
        "どのOSとクライアントのバージョンですか？",
        "macOS 15.5、クライアントは7.2.1です",
        "7.2.1の既知の問題です。設定で`Use VPN DNS`をオンにしてみてください",
        "できました、ありがとうございます",
    ),
]
JA_ACKS = ["確認します👀", "見てみます", "調べてみます"]
JA_NUDGES = ["その後いかがでしょうか？", "再掲です。どなたか分かる方いますか？"]
