"""Every label of docs/metrics.md (*Turns, roles, labels*) on hand-built conversations."""

from __future__ import annotations

import polars as pl
import pytest
from builders import at, github, labels, m, people, pr, slack, slack_api, slack_ts

from asyncmetrics import Config, classify, read_slack_messages, request_threads


def label_of(events, message_id, **kw):
    row = classify(events, **kw).filter(pl.col("message_id") == message_id).row(0, named=True)
    return row["label"], row["label_reason"]


def opener(text, channel="eng", **options):
    """Label and reason of a lone opener."""
    return label_of(slack(channel, m("ana", "09:00", text, **options)), f"{channel}:0")


def reply(text, **options):
    """Label of a responder's message right after a plain question."""
    events = slack(
        "eng", ("ana", "09:00", "How do I rotate the API key?"), m("bo", "09:10", text, **options)
    )
    return label_of(events, "eng:1")[0]


def requester_turn(*before, text, when="09:30"):
    """Label of the requester's turn after the given responder messages."""
    events = slack(
        "eng", ("ana", "09:00", "How do I rotate the API key?"), *before, ("ana", when, text)
    )
    return label_of(events, f"eng:{len(before) + 1}")[0]


# --- request / not_request ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "How do I rotate the API key?",
        "Can someone review the migration plan",  # an ask without "?"
        "デプロイ手順を教えてください",  # Japanese: "please tell me the deploy steps"
        "本番DBの権限をいただけますか",  # "could I get access to the prod DB?" (no ?)
        "Need a decision on the retention policy by Friday",
        "デザインの変更なので、デザイナの目が欲しいです",  # "I'd like a designer's eyes on it"
        "Issueのリンクにタイトルがつくときとつかない時の差がわからない",  # "I don't get why…"
        "<@U0BO> 感想を教えていただけると嬉しいです。レポートを共有します",  # sharing + ask by name
        "エラーが毎回出ます、防ぎ方ご存知の方がいれば知りたいです",  # "anyone who knows how…"
        "公式サイトの参加案内をSlackリンクにしたい",  # "I want the join link to be Slack's"
        "フッターが被る件を相談するスレ",  # "a thread to consult on the footer overlap"
        "調査をドライブしてくださる方を募集します",  # looking for someone to take it on
        "修正点やアドバイスがあれば大募集です",  # "corrections and advice very welcome"
        "無料モデルをサポートしてもらえると嬉しいです",  # "I'd be glad if you supported…"
        "AとBどちらがいいですか",  # "which is better, A or B" (no ?)
    ],
)
def test_request_openers(text):
    label, reason = opener(text)
    assert label == "request"
    assert reason


@pytest.mark.parametrize(
    ("text", "reason_has"),
    [
        ("FYI: we deployed v2.3 to production.", "FYI"),
        ("Heads-up: the staging DB restarts tonight at 22:00.", "Heads-up"),
        ("よろしくお願いします", "no question or ask"),  # a polite formula alone is not an ask
        ("新しいダッシュボードを共有します。よろしくお願いします。", "共有します"),
        ("新しいダッシュボードを共有します。感想を教えてください", "共有します"),  # no one named
        ("右も左もわからないですが、よろしくお願いします", "no question or ask"),  # a self-intro
        ("The staging deploy finished.", "no question or ask"),
        ("Yesterday: fixed login\nToday: billing export\nBlockers: none", "Yesterday"),
        # Saying what one will do is not asking: 「作業会を開催しようと思います」.
        ("本日午後にもくもく作業会を開催しようと思います", "no question or ask"),
        ("招待リンクです。興味あるひと使ってください", "no question or ask"),  # an invitation
        ("イベントに参加したい！", "no question or ask"),  # a wish about oneself
        ("識者が解決策を教えてくれる。最高", "no question or ask"),  # "experts tell me": no ask
        ("速度のどちらが早いかの勝負だ！", "no question or ask"),  # "a race which is faster"
        ("スポーツ関係者である可能性が高そう（？）", "no question or ask"),  # (?) is doubt
        ("Probably a sports person (?)", "no question or ask"),
    ],
)
def test_not_request_openers_carry_their_reason(text, reason_has):
    label, reason = opener(text)
    assert label == "not_request"
    assert reason_has in reason


def follow_on(*messages):
    """Label and reason of the opener of a conversation."""
    events = slack("eng", *messages)
    return label_of(events, "eng:0")


def test_an_ask_in_the_requesters_next_message_makes_the_opener_a_request():
    # A post split in two: the topic first, the ask a minute later.
    label, reason = follow_on(
        ("ana", "09:00", "The footer overlaps the chat box on mobile."),
        ("ana", "09:01", "How about pinning it to the bottom of the menu drawer?"),
        ("bo", "09:20", "Sounds good, the drawer works."),
    )
    assert label == "request"
    assert reason == "asks a question (?) (in the requester's next message)"


@pytest.mark.parametrize(
    "messages",
    [
        # Someone else spoke first: the requester's question is a reply in the conversation.
        (
            ("ana", "09:00", "The footer overlaps the chat box on mobile."),
            ("bo", "09:01", "Yes, I saw that too."),
            ("ana", "09:02", "How about pinning it to the bottom of the menu drawer?"),
        ),
        # Too late to be the same post (Config.follow_on_window is 15 minutes).
        (
            ("ana", "09:00", "The footer overlaps the chat box on mobile."),
            ("ana", "09:16", "How about pinning it to the bottom of the menu drawer?"),
        ),
    ],
)
def test_no_follow_on_ask(messages):
    label, reason = follow_on(*messages)
    assert label == "not_request"
    assert reason == "no question or ask"


def test_a_follow_on_ask_to_a_bot_only_is_not_a_request():
    events = slack_api(
        "eng",
        ("ana", "09:00", "The footer overlaps the chat box on mobile."),
        ("ana", "09:01", "<@UDEVIN> can you file an issue?"),
        m("UDEVIN", "09:02", "Filed #12.", bot_id="BDEVIN"),
    )
    label, reason = label_of(events, f"eng:{slack_ts('09:00')}")
    assert (label, reason) == ("not_request", "no question or ask")


def test_a_follow_on_ask_does_not_override_a_structural_no():
    label, reason = label_of(
        slack(
            "daily-standup",
            ("ana", "09:00", "Yesterday: billing export"),
            ("ana", "09:01", "Can someone review #12?"),
        ),
        "daily-standup:0",
    )
    assert (label, reason) == ("not_request", "status update in a standup channel")


def test_standup_channel_post_is_never_a_request_even_with_a_question():
    label, reason = opener("Working on billing; can someone review #12?", channel="daily-standup")
    assert (label, reason) == ("not_request", "status update in a standup channel")


def test_bot_opener_is_not_a_request_even_with_a_question():
    label, reason = opener("Deploy failed. Can someone look?", bot=True)
    assert label == "not_request"
    assert "bot" in reason


@pytest.mark.parametrize(
    "options",
    [
        {"bot_id": "B01"},
        {"subtype": "bot_message"},
    ],
)
def test_slack_bot_markers_make_bot_openers(options):
    events = slack_api(
        "eng", m("deploybot", "09:00", "Deploy #41 failed. Can someone look?", **options)
    )
    assert classify(events)["label"].to_list() == ["not_request"]


def test_slackbot_and_app_users_are_bots():
    users = {"UAPP": {"id": "UAPP", "is_app_user": True}}
    events = slack_api(
        "eng",
        ("ana", "09:00", "How do I rotate the API key?"),
        ("USLACKBOT", "09:01", "Here is the runbook: https://wiki.example.com/rotate"),
        ("UAPP", "09:02", "Run `make rotate-key`."),
        users=users,
    )
    assert labels(classify(events)) == [
        ("ana", "request"),
        ("USLACKBOT", "bot"),
        ("UAPP", "bot"),
    ]


def test_conversation_without_opener_is_never_a_request():
    # Replies to a parent outside the export window: no message has ts == thread_ts.
    parent = slack_ts("2026-07-05 09:00")
    msgs = [
        {
            "type": "message",
            "user": "bo",
            "text": "Which version are you on?",
            "ts": slack_ts("09:00"),
            "thread_ts": parent,
        },
        {
            "type": "message",
            "user": "ana",
            "text": "Can you help me with this?",
            "ts": slack_ts("09:10"),
            "thread_ts": parent,
        },
    ]
    events = read_slack_messages(msgs, channel="eng", attach_replies=False)
    rows = request_threads(events).to_dicts()
    assert [(r["conversation_id"], r["is_request"]) for r in rows] == [(f"eng:{parent}", False)]


def test_every_pull_request_is_a_request_except_a_draft_never_ready():
    events = github(
        pr(1, "ana", "09:00", "Bump lodash"),  # no question, still a request
        pr(2, "ana", "09:00", "WIP: new parser", draft=True),
        pr(3, "ana", "09:00", "New cache", ("ready", "10:00"), draft=True),
    )
    openers = classify(events).filter("is_opener").sort("conversation_id")
    assert openers.select("conversation_id", "label").rows() == [
        ("acme/api#1", "request"),
        ("acme/api#2", "not_request"),
        ("acme/api#3", "request"),
    ]


# --- actionable_reply ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The key lives in the vault under ops/api.",  # an answer
        "Run `make rotate-key`.",  # code
        "```\nvault kv put ops/api key=...\n```",  # code block
        "https://wiki.example.com/runbooks/rotate-key",  # a link that answers
        "Have you tried restarting the runner?",  # suggestion phrased as a question
        "Did you check the runbook?",
        "No, that is not possible for contractors.",  # a definite no
        "Nope.",
        "Let's go with the vault approach.",  # a decision
    ],
)
def test_actionable_replies(text):
    assert reply(text) == "actionable_reply"


def test_shared_file_without_words_is_actionable():
    assert reply("", subtype="file_share") == "actionable_reply"


@pytest.mark.parametrize("state", ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"])
def test_every_human_pr_review_is_actionable(state):
    events = github(pr(7, "ana", "09:00", "Fix retry", ("review", "bo", "10:00", state, "")))
    assert label_of(events, "acme/api#7:review/7001")[0] == "actionable_reply"


# --- acknowledgement / clarifying_question ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "looking 👀",
        "+1",
        "on it",
        "👀",
        ":eyes:",
        "same here",
        "checking",
        "見てみます",
        "今追いつきました！みます〜",  # "just caught up! will look"
        "ちょうど同じことを試そうとしてたのでやってみます！",  # "I'll try it too"
        "直します！",  # "I'll fix it!" (fixed: 直しました)
        "心当たりがあるので、ちょっと聞いてみます",  # "I know someone, I'll ask"
        # "I mean to try building it tomorrow; if it fails, over to the others": a promise.
        "明日構築から試してみようとは思いますが、だめだったら他の方よろしゅうお願いします。",
        "来週月曜以降に実環境で試してみる感じです",  # "I'll be trying it from next Monday"
    ],
)
def test_acknowledgements(text):
    assert reply(text) == "acknowledgement"


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for flagging this, I will take a look tomorrow when I am back at my desk and "
        "get back to you with what I find in the logs.",
        "ご連絡ありがとうございます！今日遅い時間か明日になってしまうかもしれませんが対応します◎",
        # "Thanks! I'll check it against the other tool while thinking about next steps": a
        # humble promise is about later by itself.
        "ありがとうございます！次の展開も踏まえつつ、公聴AIと比較しながら、確認させて頂きます！",
    ],
)
def test_a_long_promise_to_act_later_is_an_acknowledgement(text):
    assert reply(text) == "acknowledgement"


@pytest.mark.parametrize(
    "text",
    [
        "Try the staging token for now, I will take a look at prod tomorrow.",
        "I will take a look tomorrow, in the meantime see https://wiki.example.com/keys",
    ],
)
def test_a_promise_with_something_to_act_on_now_is_actionable(text):
    assert reply(text) == "actionable_reply"


@pytest.mark.parametrize(
    "text",
    [
        "@copilot Undo the changes made to the NuGet.config file?",  # review feedback
        "@copilot Can you remove the PrimaryConstructorAttributesTest test?",
        "グラファーが自治体向けサービスやってるからそこに使ってもらうのは？",  # "how about…?"
    ],
)
def test_a_change_asked_as_a_question_is_actionable(text):
    assert reply(text) == "actionable_reply"


@pytest.mark.parametrize(
    "text",
    [
        "キャッシュを消してから試してください",  # "clear the cache, then try"
        "別のブラウザで試して！",  # "try another browser!"
    ],
)
def test_asking_the_requester_to_try_is_a_suggestion(text):
    assert reply(text) == "actionable_reply"


def test_the_writers_own_trying_is_not_a_suggestion():
    # "I'm trying it with gemma3:1b again": not a suggestion, an answer of its words.
    events = slack(
        "eng",
        ("ana", "09:00", "How do I rotate the API key?"),
        ("bo", "09:10", "dockerのコンテナ出力見ながらgemma3:1b もう一回試しています"),
    )
    assert label_of(events, "eng:1") == ("actionable_reply", "answer (13 words)")


def test_a_reply_about_a_bot_is_not_a_command_to_one():
    # "A bot everyone improves by pull requests would do": it starts with the word "bot".
    assert reply("bot は１つのbot をみんなでプルリク出して修正しながら使えば良いと思います") == (
        "actionable_reply"
    )
    assert reply("bugbot run") == "acknowledgement"


@pytest.mark.parametrize(
    "text",
    [
        "Which version are you on?",
        "Can you paste the full error?",
        "What do you mean by rotate?",
        "Prod or staging?",  # short question back
        "どの環境ですか？",  # "which environment?" with a full-width ？
    ],
)
def test_clarifying_questions(text):
    assert reply(text) == "clarifying_question"


@pytest.mark.parametrize(
    "text",
    ["Checking: the cert expired.", "On it. Restart the runner.", "Looking now, it's the DNS"],
)
def test_short_answer_with_an_ack_word_is_actionable(text):
    assert reply(text) == "actionable_reply"


def test_question_with_a_link_is_not_a_clarifying_question():
    assert reply("Is it this one? https://wiki.example.com/rotate") == "actionable_reply"


# --- requester turns: nudge, confirmation, decision, requester_reply ------------------------


@pytest.mark.parametrize("text", ["any update?", "bump", "Friendly ping", "still blocked on this"])
def test_nudge_phrases(text):
    assert requester_turn(text=text, when="10:00") == "nudge"


def test_nudge_after_twelve_hours_of_silence_exactly():
    assert requester_turn(text="It also fails on staging.", when="21:00") == "nudge"


def test_no_nudge_just_under_twelve_hours():
    assert requester_turn(text="It also fails on staging.", when="20:59") == "requester_reply"


def test_bot_message_does_not_break_the_requesters_silence():
    events = slack(
        "eng",
        ("ana", "09:00", "How do I rotate the API key?"),
        m("deploybot", "15:00", "Reminder: deploy freeze at 18:00", bot=True),
        ("ana", "21:00", "It also fails on staging."),
    )
    assert label_of(events, "eng:2")[0] == "nudge"


def test_confirmation_after_an_actionable_reply():
    before = [("bo", "09:10", "Run `make rotate-key`.")]
    assert requester_turn(*before, text="thanks, that worked") == "confirmation"
    assert requester_turn(*before, text="Got it, will do.") == "confirmation"
    assert requester_turn(*before, text="ありがとうございます、解決しました") == "confirmation"


@pytest.mark.parametrize(
    "text",
    [
        "おｋです！　あざます！",  # "ok! thanks!" (casual)
        "おｋ！",
        "承知です！",  # "understood"
        "確かにいいですね！",  # "right, that's good"
        "とんでもないです！！むしろありがたい",  # "not at all, I'm grateful"
        "かしこまりました",
    ],
)
def test_casual_japanese_acceptances_are_confirmations(text):
    before = [("bo", "09:10", "本日会議開いてfixして公開予定です。")]
    assert requester_turn(*before, text=text) == "confirmation"


def test_an_ask_for_more_is_not_a_casual_acceptance():
    # "I'd be grateful if you reviewed it": 「〜とありがたい」 asks; it does not thank.
    before = [("bo", "09:10", "本日会議開いてfixして公開予定です。")]
    text = "レビューしていただけるとありがたいです"
    assert requester_turn(*before, text=text) == "requester_reply"


def test_confirmation_after_the_requesters_own_turn_in_between():
    before = [
        ("bo", "09:10", "Run `make rotate-key`."),
        ("ana", "09:20", "Trying it on staging first."),
    ]
    assert requester_turn(*before, text="thanks, that worked", when="09:40") == "confirmation"


def test_thanks_after_only_an_acknowledgement_is_not_a_confirmation():
    before = [("bo", "09:10", "looking 👀")]
    assert requester_turn(*before, text="thanks!") == "requester_reply"


def test_thanks_with_a_new_question_is_not_a_confirmation():
    before = [("bo", "09:10", "Run `make rotate-key`.")]
    assert requester_turn(*before, text="thanks, but how do I run it on prod?") != "confirmation"


def test_requester_decision():
    before = [("bo", "09:10", "Option A is simpler; B is faster."), ("cy", "09:20", "B scales.")]
    assert requester_turn(*before, text="Let's go with B.") == "decision"


@pytest.mark.parametrize("text", ["Should we go ahead with B?", "Agreed?"])
def test_requester_question_with_a_decision_word_is_not_a_decision(text):
    before = [("bo", "09:10", "Option A is simpler; B is faster.")]
    assert requester_turn(*before, text=text) != "decision"


def test_requester_answering_a_clarifying_question_is_a_requester_reply():
    before = [("bo", "09:10", "Which version are you on?")]
    assert requester_turn(*before, text="v2.3 on staging") == "requester_reply"


def test_requesters_own_answer_is_never_an_actionable_reply():
    events = slack(
        "eng",
        ("ana", "09:00", "How do I rotate the API key?"),
        ("ana", "09:20", "Found it: run `make rotate-key` and see https://wiki.example.com/x"),
    )
    assert labels(classify(events)) == [("ana", "request"), ("ana", "requester_reply")]
    row = request_threads(events).row(0, named=True)
    assert (row["first_reply_at"], row["first_actionable_reply_at"]) == (None, None)


# --- bots, activity, before_clock ----------------------------------------------------------


def test_bots_are_never_responders():
    events = slack(
        "eng",
        ("ana", "09:00", "How do I rotate the API key?"),
        m("helpbot", "09:01", "Run `make rotate-key`. See https://wiki.example.com/x", bot=True),
        ("ci-runner", "09:02", "Build 41 passed: https://ci.example.com/41"),
    )
    classified = classify(events, config=Config(bots=("ci-runner",)))
    assert labels(classified) == [("ana", "request"), ("helpbot", "bot"), ("ci-runner", "bot")]
    assert classified["role"].to_list() == ["requester", "bot", "bot"]
    assert classified["is_turn"].to_list() == [True, False, False]


def test_people_table_is_bot_marks_a_machine_account():
    events = slack(
        "eng",
        ("ana", "09:00", "How do I rotate the API key?"),
        ("ci-runner", "09:02", "Run `make rotate-key`."),
    )
    roster = people({"author": "ci-runner", "is_bot": True})
    assert labels(classify(events, people=roster)) == [("ana", "request"), ("ci-runner", "bot")]


def test_github_bots_ci_accounts_and_own_comments():
    doc = pr(
        7,
        "ana",
        "09:00",
        "Fix retry",
        ("comment", "dependabot[bot]", "09:01", "Rebased: https://example.com/x"),
        ("comment", "ci-user", "09:02", "Coverage 91% `ok`"),
        ("comment", "ana", "09:03", "PTAL, I also updated `docs/retry.md`."),
        ("review", "ana", "09:04", "COMMENTED", "Note to reviewers: see https://x.example.com"),
        ("review_requested", "ana", "09:05", "bo"),
        ("review_requested", "cy", "09:06", "dan"),
        ("commit", "09:07", "Rename x"),
        ("review", "bo", "10:00", "APPROVED", ""),
        ("merged", "bo", "10:30"),
    )
    classified = classify(github(doc, config=Config(bots=("ci-user",))))
    assert list(
        zip(classified["kind"], classified["author"], classified["label"], strict=True)
    ) == [
        ("pr_opened", "ana", "request"),
        ("comment", "dependabot[bot]", "bot"),
        ("comment", "ci-user", "bot"),
        ("comment", "ana", "requester_reply"),
        ("review_commented", "ana", "requester_reply"),
        ("review_requested", "ana", "requester_reply"),
        ("review_requested", "cy", "activity"),
        ("commit", "ana", "requester_reply"),
        ("review_approved", "bo", "actionable_reply"),
        ("merged", "bo", "actionable_reply"),  # a merge by someone else decides
    ]


def test_ci_account_from_config_is_never_the_first_reply():
    doc = pr(
        7,
        "ana",
        "09:00",
        "Fix retry",
        ("comment", "ci-user", "09:05", "Build passed: https://ci.example.com/41"),
        ("review", "bo", "10:00", "APPROVED", ""),
    )
    config = Config(bots=("ci-user",))
    row = request_threads(github(doc, config=config), config=config).row(0, named=True)
    assert row["first_reply_at"] == at("10:00")
    assert row["messages"] == 2


def test_draft_comments_before_ready_for_review_are_before_clock():
    doc = pr(
        7,
        "ana",
        "09:00",
        "New parser",
        ("comment", "bo", "09:30", "Have you tried the existing tokenizer?"),
        ("review", "cy", "09:40", "CHANGES_REQUESTED", "Not like this."),
        ("ready", "11:00"),
        ("review", "bo", "12:00", "APPROVED", "LGTM"),
        draft=True,
    )
    classified = classify(github(doc))
    assert list(zip(classified["author"], classified["label"], strict=True)) == [
        ("ana", "request"),
        ("bo", "before_clock"),
        ("cy", "before_clock"),
        ("ana", "activity"),
        ("bo", "actionable_reply"),
    ]
    assert classified["requested_at"].unique().to_list() == [at("11:00")]


def test_a_close_by_someone_else_is_a_definite_no_and_reopen_is_activity():
    doc = pr(
        7, "ana", "09:00", "Fix retry", ("closed", "bo", "10:00"), ("reopened", "ana", "11:00")
    )
    labelled = classify(github(doc))
    assert labelled["label"].to_list() == ["request", "actionable_reply", "activity"]
    assert labelled["label_reason"][1] == "closed by someone other than the author (a definite no)"


def test_the_close_github_records_with_a_merge_is_the_merge():
    doc = pr(
        7, "ana", "09:00", "Fix retry", ("closed", "bo", "10:00:00"), ("merged", "bo", "10:00:00")
    )
    labelled = classify(github(doc)).sort("ts", "kind")
    assert labelled.select("kind", "label").rows() == [
        ("pr_opened", "request"),
        ("closed", "activity"),
        ("merged", "actionable_reply"),
    ]
    threads = request_threads(github(doc))
    assert threads["first_actionable_reply_id"].to_list() == [
        labelled.filter(pl.col("kind") == "merged")["message_id"].item()
    ]


def test_a_close_by_the_author_is_activity():
    doc = pr(7, "ana", "09:00", "Fix retry", ("closed", "ana", "10:00"))
    assert classify(github(doc))["label"].to_list() == ["request", "activity"]


def test_every_event_has_a_label_reason():
    events = slack(
        "eng",
        ("ana", "09:00", "How do I rotate the API key?"),
        ("bo", "09:05", "looking"),
        ("bo", "09:06", "Which version?"),
        ("ana", "09:07", "v2"),
        m("helpbot", "09:08", "hi", bot=True),
        ("bo", "09:10", "Run `make rotate-key`."),
        ("ana", "09:20", "thanks, that worked"),
    )
    classified = classify(events)
    assert classified["label"].to_list() == [
        "request",
        "acknowledgement",
        "clarifying_question",
        "requester_reply",
        "bot",
        "actionable_reply",
        "confirmation",
    ]
    assert classified["label_reason"].null_count() == 0
