"""Short phrases shared by many conversations, each list doing one thing only."""

from __future__ import annotations

# The requester accepts an answer (never a question, never a new problem).
CONFIRMS = [
    "Thanks, that worked!",
    "That did it, thank you 🙏",
    "Works now — thanks!",
    "Perfect, that fixed it. Thanks!",
    "Confirmed, it's working again. Much appreciated.",
    "That was it. Thanks a lot!",
    "Got it, thanks — all good now.",
    "Thank you, that solved it.",
]
# Short acknowledgements by a responder: no answer yet.
ACKS = [
    "looking 👀",
    "On it",
    "Taking a look now",
    "Let me take a look",
    "👀",
    "Checking",
    "I'll dig into this after lunch",
    "looking into it",
]
# How an answer may start, before the fix itself.
ANSWER_LEADS = ["", "", "", "Good hypothesis. ", "Yes, ", "Seen this before. ", "Ah, "]
# The requester bumps a request nobody answered.
NUDGES = [
    "Any update on this?",
    "Bump — still blocked on this.",
    "Friendly ping on this one 🙏",
    "Following up on this, anyone?",
    "Gentle bump, this is blocking the release branch.",
    "Any thoughts on this?",
]
# The requester: another attempt did not help (no thanks, no question).
NO_LUCK = [
    "No change, same failure.",
    "Same result, unfortunately.",
    "Tried it, nothing changed.",
    "That didn't help either, same error as before.",
]
# Suggestions that do not solve it (each holds code or a concrete step).
GENERIC_TRIES = [
    "Try a clean rebuild with `--no-cache`, in case a stale layer is involved.",
    "Maybe try pinning the runner image to the previous tag, `runner:2026.06`.",
    "Try clearing the local state with `make clean` and running it again.",
    "You could try rolling the node pool, some nodes have an old kernel.",
]
# Moving to a call, without deciding anything.
CALLS = [
    "This is hard to untangle in text, let's hop on a call after standup.",
    "I think we need to look at this together, let's jump on a call this afternoon.",
    "Let's get on a call with the logs open, that will be faster than this thread.",
]
# The requester accepts a recommendation on a product question.
PRODUCT_CONFIRMS = [
    "Makes sense, thanks!",
    "Got it, thank you.",
    "Thanks, that's what I needed.",
    "Sounds good, thanks for the quick take.",
]
