"""Long messages (500 words or more) for threads that take days to decide: four proposals
posted as the opener, and four analyses posted as a reply to a short question.

Each entry also holds the short turns around it: a responder's view, the requester's concern,
a second view, and the decision (or the requester's last word when it is never decided).
None of the turns thanks, decides or asks for information before the decision.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Long:
    channel: str
    opener: str  # the long proposal, or the short question a long analysis answers
    long_reply: str  # "" when the opener is the long message
    view: str  # a responder's recommendation (actionable)
    concern: str  # the requester: a concern, neither thanks nor a question
    view2: str  # another responder's suggestion (actionable)
    decision: str  # the requester decides
    last_word: str  # the requester, when it is never decided


PROPOSALS = [
    Long(
        "eng-platform",
        """RFC: move the CI runners for pull-request builds to spot instances

*Context.* Our CI bill went up by about 40% this quarter. Most of the increase comes from the \
pull-request builds of acme/web and acme/api, which now run the full integration suite on \
every push. The runners are on-demand `c6i.4xlarge` instances in one autoscaling group, and \
the group keeps eight warm instances during European and Indian working hours. Nights and \
weekends scale down to two. The cost dashboard is here: \
<https://grafana.acme.example/d/ci-cost|CI cost>.

*What goes wrong today.* Three things. The warm pool is sized for the peak after standup in \
Berlin and sits mostly idle for the rest of the day. Builds queue for several minutes when \
Bangalore and Berlin overlap, so people re-push to retry, which doubles the work. And we pay \
on-demand prices for jobs that could be interrupted and simply retried without anyone \
noticing, because every job already caches its dependencies and test results.

*Proposal.* Create a second autoscaling group on spot instances with a mix of four instance \
types of the same size, and route pull-request builds to it. Release builds, the nightly \
jobs and anything that deploys keep running on the on-demand group, which we shrink to two \
warm instances. When a spot instance is reclaimed, the runner gets a two-minute notice; we \
drain it, mark the job as interrupted and retry it once on the on-demand group, so nobody \
waits twice for the same commit.

*Expected effect.* Spot prices for this family have been between 30% and 45% of on-demand in \
our region over the last three months. With the current mix of jobs, that brings the \
monthly bill back to roughly where it was in the spring, even if interruption retries add \
ten percent more compute. Queue times should also drop, because the spot group can scale \
wider at the same cost.

*Rollout.* Week one: build the spot group and send only acme/web's lint and unit jobs to it. \
Week two: add the integration suites of both repositories. Week three: shrink the on-demand \
warm pool. Each step can be reverted by changing one label in the workflow files, and the \
dashboards already split cost and queue time per group, so we will see the effect the same \
day.

*Risks.* Interruption rates can spike during regional capacity events; the fallback to \
on-demand limits the damage to a slower build, not a failed one. Flaky tests become more \
visible because retried jobs run them again. The runner image has to start faster than it \
does now, or interruptions will cost more than they save; I measured four minutes from \
launch to first job and think we can get it under two by baking the toolchains into the \
image.

*What we do not change.* The workflow files, the caching setup and the runner labels \
stay as they are, apart from one new label for the spot group. Developers should not notice \
anything except shorter queues, and the occasional job that says it was retried after an \
interruption.

*Open questions.* Should the integration suites of acme/api stay on demand because they \
take forty minutes and would lose the most work on an interruption? Do we want a weekly \
report of interruption counts in this channel, or is the dashboard enough? And who owns \
the runner image once it becomes critical for everyone's feedback loop?

Could you leave your views in the thread? I'd like us to agree on whether to do this.""",
        "",
        "I'd go with it, but keep the acme/api integration suite on demand for the first month: "
        "forty minutes of lost work on an interruption is the worst case of the whole setup.",
        "Keeping acme/api on demand leaves about half of the savings on the table, that's the "
        "most expensive suite we run.",
        "How about splitting the acme/api suite into four shards of ten minutes? Then an "
        "interruption costs ten minutes at most and it can go to spot as well.",
        "Decided: spot for all pull-request builds, with the acme/api suite split into four "
        "shards first. Release and nightly builds stay on demand.",
        "I'm still not comfortable rolling this out without the sharding in place first.",
    ),
    Long(
        "data-help",
        """Proposal: make the three largest marts incremental instead of rebuilding them every night

*Why now.* The nightly dbt run takes three hours and forty minutes, and it finished after \
08:00 Berlin time on six days in August. When it runs late, the exec dashboard shows the day \
before yesterday during the morning meetings, and people ask in this channel whether the \
numbers are broken. Almost two and a half hours of that run are three models: \
`fct_orders`, `fct_revenue` and `fct_sessions`. Run history: \
<https://dbt.acme.example/runs?model=fct_orders|dbt runs>.

*What the models do today.* All three are materialized as tables and rebuilt from scratch \
every night, reading every order and session since 2019. Each night, less than one percent \
of the rows they produce actually change: new orders, refunds on recent orders and late \
session events from the mobile apps, which can arrive up to three days late.

*The proposal.* Switch the three models to incremental materialization with the `merge` \
strategy on their primary keys. Each run would process a window of the last four days by \
event time, which covers the late mobile events with a day to spare. Refunds are the one \
exception, because they can reach back months: `fct_revenue` would also pick up any order \
that has a refund created in the window, through a small lookup on `stg_refunds`. Once a \
week, on Sunday, we run a full refresh of all three so that any drift gets corrected.

*What we gain.* A test run in the development warehouse brought the three models down from \
two and a half hours to eleven minutes together. The whole nightly run would finish around \
03:30 instead of after 07:00, warehouse credits for the nightly run would drop by roughly \
half, and a failed run could be rerun during working hours without blocking the morning.

*What it costs.* Incremental models are harder to reason about. If the window logic is \
wrong, rows silently go missing or get duplicated, and nobody notices until a number looks \
off in a meeting. To reduce that risk I want to add row-count and sum reconciliation tests \
against the full refresh on Sundays, and alert in this channel when they disagree by more \
than a tenth of a percent. Backfills also change: to fix a bug in old data, you run a full \
refresh of the model instead of simply rerunning the night.

*Migration plan.* First `fct_sessions`, which has no refunds logic and the simplest key. \
Then `fct_orders`. `fct_revenue` last, after two weeks of clean reconciliation on the other \
two. Each step is one pull request and can be reverted by switching the materialization \
back, which costs one slow night.

*Who is affected.* Nobody who reads the marts should notice a difference in the data. \
The people who notice are the ones who write models on top of these three, because a full \
refresh is no longer the default way to fix something, and I will write a short page on how \
to backfill an incremental model safely.

*What I'm unsure about.* Whether four days is enough for the mobile events: the app team \
says three, but I have seen five during app store review delays. Whether finance is fine \
with a weekly instead of a nightly full recomputation of revenue. And whether we should wait \
for the warehouse upgrade in October, which might make the problem smaller on its own.

Could you comment on the plan in the thread? I'd like a decision so I can schedule the work.""",
        "",
        "I'd do it, with a seven-day window instead of four: the cost difference is small and it "
        "covers the app store delays you mention.",
        "Seven days makes every incremental run about twice as expensive as the test I did.",
        "You could keep four days and add a monthly backfill of the last thirty days of "
        "sessions, that catches the rare late events without paying for them every night.",
        "Decision: incremental with a four-day window, a monthly thirty-day backfill for "
        "sessions and the Sunday full refresh. Starting with `fct_sessions`.",
        "I'm not sure finance will accept a weekly recomputation of revenue, so this stays "
        "parked for now.",
    ),
    Long(
        "product-decisions",
        """Proposal: let Team and Business customers downgrade their plan themselves

*Background.* Today a customer who wants to move from Business to Team, or from Team to Free, \
has to write to support. Support then opens a ticket for billing, billing changes the \
subscription by hand, and the customer gets a confirmation two to five working days later. \
Last quarter that was 214 downgrade requests, and support tells us that the average thread \
had four messages. The support export is here: \
<https://bi.acme.example/reports/downgrade-requests|downgrade requests>.

*The problem with the current flow.* It is slow for the customer, expensive for support and \
billing, and it creates disputes: customers keep paying the higher price while they wait, and \
about one request in six ends with a partial refund. It also hides a signal from us. We know \
that customers downgrade, but not which features they lose or which ones they try to keep, \
because the conversation happens in a support thread nobody analyses.

*What I propose.* A self-serve downgrade in the billing settings. The customer picks the new \
plan, sees a plain list of what changes (seats above the limit become read-only, projects \
above the limit are archived but not deleted, integrations that the plan does not include \
are paused), and confirms. The change takes effect at the end of the current billing period, \
so there is nothing to refund. Before confirming, we ask one optional question: what is the \
main reason for the change.

*What we keep manual.* Downgrades of customers with an annual contract, anything involving a \
custom price, and every account that has an open invoice. Those still go to billing, and the \
flow tells the customer so instead of failing.

*Expected impact.* Support estimates that this removes three quarters of the downgrade \
tickets. Billing saves the manual changes. We expect a small increase in downgrades, because \
it becomes easier, and finance wants us to watch that number closely during the first two \
months. In exchange we get structured reasons, which product needs for the pricing review.

*Design and engineering.* Design has a first version of the screens. Engineering estimates \
two sprints for the flow and one more for the read-only seats, which do not exist yet. The \
archived projects reuse what we built for the Free plan limits last year.

*Risks.* Customers may downgrade by mistake and lose access to seats in the middle of a \
project; the end-of-period timing and an undo button until then should cover most of that. \
Sales worries that self-serve downgrades remove a chance to talk customers out of it. A \
retention offer in the flow could help, but it makes the flow longer and I would rather \
learn from the reasons first.

*How we would measure it.* The number of downgrade tickets per week, the time from \
request to change, the number of partial refunds, and the share of downgrades that are \
undone before the end of the period. Finance also asked for the monthly revenue lost to \
downgrades compared with the last two quarters, split by plan.

*What support needs.* A macro that points customers to the new flow, and a way to see in \
the admin tool when a downgrade is scheduled, so they can answer questions about it without \
asking billing.

*Options.* A: the full flow as described. B: the same flow for Team only, Business stays \
manual for now. C: no flow, but a form that creates the billing ticket with all the details, \
which saves support time without changing billing.

Which option should we take? I'd like a decision from this channel.""",
        "",
        "I'd recommend B: Team is where most of the volume is, and Business customers usually "
        "have an account manager who wants to be in that conversation.",
        "B still leaves most of the Business tickets with support, and those are the long threads.",
        "I'd suggest A with the retention offer only for Business, since that's the segment "
        "sales cares about, and plain self-serve for Team.",
        "Let's go with A for both plans, end-of-period timing and the undo button, and revisit "
        "the retention offer after two months of reasons.",
        "I can't decide this one without finance, parking it until they've reviewed the numbers.",
    ),
    Long(
        "eng-platform",
        """RFC: upgrade the `orders` and `billing` Postgres clusters from 14 to 16

*Why.* Postgres 14 on our managed service reaches the end of standard support in February. \
After that, the provider charges extended support per vCPU hour, which for our two clusters \
would cost about as much as one engineer's time for the upgrade itself, every single month. \
Version 16 also brings faster sorting and better vacuum behavior on the large `orders` \
table, which is where most of our slow queries come from. Current query stats: \
<https://grafana.acme.example/d/pg-queries|Postgres queries>.

*Scope.* Two clusters: `orders` (1.8 TB, primary plus two replicas, the busiest) and \
`billing` (300 GB, primary plus one replica). Staging mirrors both. Six services connect to \
`orders`, three to `billing`. All of them use the same connection pooler, which already \
supports 16.

*Approach.* Use logical replication to a new cluster on 16 instead of an in-place upgrade. \
In-place would mean about forty minutes of downtime for `orders`, and we cannot roll back \
once it has started. With logical replication, the new cluster catches up while the old one \
keeps serving, we compare row counts and checksums for a few days, and then switch the \
pooler to the new primary during a quiet hour. The switch itself takes a couple of minutes \
of read-only mode. If anything looks wrong afterwards, we point the pooler back, because the \
old cluster stays in sync through reverse replication for a week.

*Order of work.* Staging `billing` first, because it is small and has the fewest writers. \
Then staging `orders`, where we run the full integration suite and a replay of one day of \
production traffic against the new version. Then production `billing`, and production \
`orders` last, at least one week later.

*What can go wrong.* Logical replication does not copy sequences or schema changes, so we \
freeze migrations on both clusters during the switch week and sync sequences as the last \
step before the cut-over. Two services use extensions that need new versions on 16; both \
have them available, but one of them changed a function signature, which needs a small code \
change in `billing-worker`. Query plans may change with the new planner; the traffic replay \
on staging should show the worst of it, and we have the old cluster to fall back to.

*People and time.* About three weeks of one platform engineer, plus a day from each team \
that owns a connecting service to test against staging. The production cut-overs happen in \
the Berlin morning, when Kolkata is still at work and Los Angeles is asleep, because that is \
our lowest write traffic and both regions that own services can be online.

*Communication.* Each cut-over gets an announcement in this channel two days before, a \
message when it starts and when it ends, and a note on the status page for the internal \
tools. Service owners get a checklist of what to test on staging, with a column to sign off, \
so that we know who has looked before the production dates.

*Monitoring during the switch.* Replication lag, error rates per service and the pooler's \
connection counts on one dashboard, with the rollback command written at the top.

*Alternatives considered.* Paying for extended support for one year and upgrading later: \
expensive and only postpones the same work. In-place upgrade during a maintenance window: \
simpler, but with downtime and no rollback. Moving `orders` to a different database engine: \
far bigger than this problem.

Does anyone see a reason not to go ahead with logical replication? I'd like to agree on the \
approach before I book the cut-over windows.""",
        "",
        "Logical replication is the right call. I'd move `billing` to production first, before "
        "staging `orders`, so we learn the cut-over on the small cluster with real traffic.",
        "Doing production `billing` before we've replayed traffic on staging `orders` feels "
        "backwards to me, the replay is where we learn the most.",
        "You could run both in parallel: the staging `orders` replay and the production "
        "`billing` cut-over don't depend on each other.",
        "Let's go with logical replication and run the staging replay and the production "
        "`billing` cut-over in parallel. I'll book the windows.",
        "I still want the provider to confirm the extension versions before we commit to dates.",
    ),
]

ANALYSES = [
    Long(
        "eng-platform",
        "Should we split on-call into a platform rotation and a data rotation? The current "
        "single rotation is wearing people out: "
        "<https://oncall.acme.example/reports/q3|on-call report>",
        """I went through the last twelve weeks of pages and the handover notes to get a real \
picture before we decide. Long write-up, sorry.

*Volume.* We had 186 pages in twelve weeks, so about fifteen a week. 61% of them came from \
platform alerts (deploys, ingress, certificates, the Redis and Postgres clusters), 31% from \
data pipelines (Airflow task failures, late loads, dbt test failures), and the rest from the \
payments provider's status webhooks. Nights are worse than the total suggests: 44% of the \
night pages were data pipelines, mostly late loads between 02:00 and 05:00 UTC that could \
have waited until morning.

*Numbers per week.* The worst week had 31 pages, 19 of them at night, during the \
warehouse migration; the quietest had four. Without the migration week, the average drops to \
thirteen pages a week, which is still more than the eight we set as sustainable when we \
set up the rotation last year.

*Who fixes what.* In 83% of the data pages, the person on call did one of two things: \
retried the task, or waited and then escalated to someone on the data team. When the person \
on call was from the data team, the median time to resolve a platform page was 47 minutes, \
against 18 minutes for platform engineers. The other way round it is similar: platform \
engineers take about three times longer on data pages. So the single rotation does not make \
us faster; it mostly adds a hand-off.

*How it feels.* I asked everyone on the rotation. The most common answer was that being \
woken up for something you cannot fix is the worst part. Several people said that they do \
not sleep well the whole week they are on call, even on nights without a page, because they \
never know whether the next alert is something they understand.

*Options.* First, split into two rotations of six people each. Everyone is on call every six \
weeks instead of every twelve, but only for alerts they can act on. Second, keep one \
rotation but route data alerts to a separate escalation policy that pages the data team \
directly during their working hours and holds them until morning outside of them. Third, \
keep everything as it is and fix the noisiest alerts first.

*My recommendation.* The second option, combined with the third. Most data pages at night do \
not need anyone at night: a late load is a problem for the morning dashboard, not for \
customers. If we hold data alerts outside working hours, and page only for the two pipelines \
that feed customer-facing features, the data team would have had four night pages in twelve \
weeks. The single rotation then carries only platform alerts at night, which the whole \
rotation can learn to handle with better runbooks, and nobody is on call twice as often.

*What it takes.* A new escalation policy, a list of the pipelines that may page at night, \
and an hour with each team to review the runbooks for the ten most frequent alerts. I can \
do the policy and the list this week; the runbook reviews need a slot from each team.

*What I don't know.* Whether the payments webhooks belong to platform or to the billing \
people, and whether people who joined the rotation recently would rather keep seeing data \
alerts to learn the systems.""",
        "Holding data alerts until morning is the part I'd do first, it fixes the nights without "
        "touching the rotation itself.",
        "Holding them needs the list of customer-facing pipelines, and nobody owns that list "
        "today.",
        "You could start with the two pipelines you named and add others as teams claim them, "
        "the list doesn't need to be complete on day one.",
        "Decided: one rotation, data alerts held outside working hours except the two "
        "customer-facing pipelines. Policy goes live next Monday.",
        "Leaving this open until the data team has looked at the pipeline list.",
    ),
    Long(
        "data-help",
        "Do we keep the exec dashboards in Metabase or move them to the new BI tool this "
        "quarter? Licence renewal is coming up: "
        "<https://docs.acme.example/bi/licence-renewal|renewal notes>",
        """Here's what I found after spending two days with both tools and the usage logs. \
This got long.

*Usage.* The exec dashboards have 41 regular viewers. Most of them open three boards: \
revenue, activation and support load. Over the last quarter, 70% of all views came from the \
Monday and Thursday meetings. Only six people ever changed a filter, and only two ever \
opened the underlying question, so for almost everyone these are read-only boards.

*What the viewers asked for.* I sent a three-question survey to the 41 viewers and got \
29 answers. The top request was the weekly slides, then a mobile view that works, then fewer \
boards with clearer names. Nobody asked for more charts. Two people asked why the revenue \
number differs between boards, which is the problem described below.

*Access.* The country managers currently get exported spreadsheets by email every Monday, \
which is the workaround for the missing row-level permissions and takes an analyst about an \
hour each week.

*What the new tool does better.* Scheduled exports to slides, which the leadership team asks \
for every week and which we currently do by screenshot. Row-level permissions, which we \
need before we can show regional numbers to the country managers. And a semantic layer that \
would let us define revenue once instead of in eleven different saved questions that have \
drifted apart over two years.

*What it does worse.* It is slower to build new charts, and the analysts know Metabase well. \
Its caching works per dashboard rather than per query, so the Monday morning load would hit \
the warehouse harder unless we pre-warm the boards. It also costs more: the quote is about \
two and a half times our Metabase licence for the same number of viewers.

*Migration effort.* The three exec boards have 38 charts. Roughly a third are simple and \
could move in a day. A third depend on saved questions with custom SQL that we would have to \
turn into models in the semantic layer, which is the part that actually pays off. The last \
third are charts nobody has opened since spring and that I would simply drop. My estimate is \
two weeks for one analyst, plus a week of running both in parallel so people can compare the \
numbers.

*The revenue definitions.* This is the strongest argument for moving. When I compared the \
eleven saved questions that compute revenue, I found four different treatments of refunds \
and two different currency conversion dates. Nobody has complained, but the Monday and \
Thursday boards can disagree by up to two percent, which will come up sooner or later in a \
board meeting. The semantic layer would force us to settle on one definition; we could do \
that in Metabase too, but nothing there would stop it from drifting again.

*Timing.* The Metabase licence renews at the end of next month for a year. If we move, we \
should renew for three months only, which the vendor allows at a higher monthly price. If we \
stay, we should at least clean up the revenue questions now.

*My recommendation.* Move the three exec boards this quarter, drop the unused charts, and \
define revenue once in the semantic layer. Keep Metabase for the analysts' ad-hoc work for \
another year and decide about it at the next renewal, when we know how the new tool holds up \
on Monday mornings.""",
        "Moving only the exec boards is the right scope, the analysts would revolt if we took "
        "Metabase away now.",
        "Two and a half times the licence for 41 mostly read-only viewers is hard to justify "
        "to finance.",
        "You could ask the vendor for viewer-only seats, most of those 41 never edit anything.",
        "We'll go with moving the exec boards this quarter, if the vendor gives us viewer-only "
        "seats. Metabase renews for three months.",
        "Parking this until the vendor comes back on viewer-only pricing.",
    ),
    Long(
        "product-decisions",
        "Should the Free plan keep its 3-project limit, or move to a limit on members? "
        "Conversion numbers: <https://bi.acme.example/reports/free-limits|free plan limits>",
        """I pulled the numbers for the last two quarters of Free workspaces. Long answer \
because the data points in two directions.

*Who hits the limit.* 38% of active Free workspaces reach the three-project limit within \
their first month. Of those, 9% upgrade within thirty days, 27% archive a project to stay \
under the limit, and the rest keep working in the three projects they have. Workspaces that \
never hit the limit upgrade at 2%, so hitting the limit clearly correlates with upgrading, \
but most people who hit it find a way around it.

*Numbers by segment.* The effect of hitting the project limit is strongest for \
workspaces created from a company email domain, where 14% upgrade within thirty days, and \
weakest for personal email addresses, where almost nobody does. A member limit would mostly \
affect company domains, since personal workspaces rarely have more than two members.

*Support load.* Support gets about forty tickets a month from Free workspaces asking for a \
fourth project, usually for a short client engagement. A higher project limit would remove \
most of them.

*What a member limit would look like.* Most Free workspaces are small: the median has two \
members, and 80% have four or fewer. A limit of five members would touch only one workspace \
in five, but those are exactly the teams that look like future paying customers: they create \
more projects, invite colleagues from other departments and connect integrations. Among \
workspaces that grew past five members last quarter, 24% upgraded, compared with 9% for the \
project limit.

*The risk.* A member limit stops a team from growing inside the product, which is how we get \
into companies. Several of our largest customers started as a Free workspace with a dozen \
people from one department. With a limit of five, some of them would have been stopped \
before anyone with a budget noticed us. A project limit does not have that problem, because \
teams can always invite more people and the product spreads.

*What competitors do.* Two of the four tools we compare with limit members, one limits \
projects, and one limits storage. The ones with member limits have higher conversion on \
paper, but also much higher churn in the first paid quarter, which suggests that some teams \
upgrade under pressure rather than because they need the paid features.

*A middle way.* Keep the project limit but raise it to five, and add a soft member limit of \
ten with a prompt to upgrade rather than a wall. That keeps the viral growth and still asks \
larger teams to pay. My model says this is roughly neutral for revenue in the first two \
quarters and slightly positive after that, but the uncertainty is large because we have \
never tested a soft limit.

*What I would test.* An experiment on new workspaces only, three arms: current limits, \
member limit of five, and the middle way. Six weeks, measured on upgrades and on the number \
of members invited, because that is our leading indicator for enterprise deals. Existing \
workspaces keep their current limits whatever we decide.

*What I need from this channel.* Whether we are allowed to run a pricing experiment on new \
workspaces at all, since sales asked us last year not to, and which of the three arms we \
would be willing to ship if it wins.""",
        "I'd run the experiment, but only with the current limits and the middle way: a hard "
        "limit of five members is not something we'd ship anyway.",
        "Two arms halves the time to a result, but we lose the comparison with what competitors "
        "do.",
        "I'd suggest three arms after all, but cap the five-member arm at 10% of new workspaces "
        "so the risk stays small.",
        "Let's go with the experiment: current limits, the middle way, and five members capped "
        "at 10% of new workspaces, for six weeks.",
        "Sales hasn't answered on the experiment, so this waits for now.",
    ),
    Long(
        "eng-platform",
        "Can we drop the `billing-worker` cron and move invoice runs to the job queue? The "
        "cron missed two runs this month: "
        "<https://grafana.acme.example/d/billing-cron|billing cron>",
        """I looked at both missed runs and at what moving to the queue would involve. \
Here is the whole picture, since this touches money.

*What happened.* On the 4th, the cron pod was evicted during a node upgrade at 00:58 UTC, two \
minutes before the monthly invoice run, and Kubernetes does not start a missed CronJob if \
the deadline passes while the pod is pending. On the 19th, the run started but hit the \
database connection limit during a deploy of `api`, failed after three minutes, and the cron \
has no retry. Both times someone noticed in the morning and triggered the run by hand, so no \
customer was affected, but the second time invoices went out six hours late.

*How the cron works.* One CronJob starts `billing-worker run-invoices` at 01:00 UTC. The \
command loads all subscriptions due that day, creates the invoices in one transaction per \
customer, and calls the payments provider for each. It keeps no state about progress, so a \
run that fails halfway has to be started again from the beginning, which is safe only \
because invoice creation checks for an existing invoice first.

*Monitoring today.* The only alert on the invoice run is a check that the payments \
provider received requests during the night, which fires at 07:00 UTC. Nothing tells us at \
01:05 that the run did not start, and nothing says how many invoices were created, so a \
partial run would look like a complete one until customers ask.

*What the queue would give us.* The scheduler would enqueue one job per customer instead of \
one job for everyone. Each job retries on its own with backoff, a failed customer does not \
stop the others, and the queue dashboard shows progress and failures per customer. The job \
queue already runs the email and webhook jobs with the same guarantees we need: at least \
once delivery, retries, and a dead letter queue that pages during working hours.

*What it costs.* The scheduler itself still needs to run once a day, so we do not get rid of \
scheduling, only of doing all the work in one process. The scheduler is a tiny job that \
enqueues, which is easy to make idempotent and to alert on. The per-customer jobs need the \
idempotency check moved into the job, which exists already. I estimate three to four days \
of work plus a week of running both paths in shadow mode and comparing the invoices.

*Risks.* The payments provider limits us to fifty requests per second. The cron respects \
that by running sequentially; the queue would need a rate limit on the job type, which it \
supports but we have never used. And month-end runs are large: about nine thousand invoices \
on the first of the month. If the queue is busy with webhooks at the same time, invoices \
could take longer to go out, though still well within the morning.

*Alternatives.* Keep the cron but add `startingDeadlineSeconds`, a retry loop and an alert if \
no run finished by 02:00 UTC. That would have prevented the first miss and shortened the \
second one, and it is an afternoon of work. It does not fix the all-or-nothing behavior.

*My view.* Do the quick cron fixes now, because they are cheap, and move to the queue next \
month after the shadow run. That way we are protected this month and still get the better \
design.""",
        "Agree with the quick fixes first. For the queue, I'd put invoices on their own queue "
        "so month-end never competes with webhooks.",
        "A separate queue means another set of workers and alerts to look after.",
        "You could reuse the existing workers and just give the invoice job type a higher "
        "priority, the queue supports that.",
        "Decision: quick cron fixes this week, then the job queue with a higher priority for "
        "invoices after a week in shadow mode.",
        "I'll hold off until we see whether the cron fixes are enough on their own.",
    ),
]
