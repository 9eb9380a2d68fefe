"""Pull-request titles, bodies, reviews and comments. Reviews by people always let the author
act; authors' own comments report what they pushed, never thank or decide (a thank-you after a
review would be a confirmation, and converge the PR by the definitions)."""

from __future__ import annotations

COMPONENTS = {
    "acme/api": [
        "payments client",
        "orders export",
        "session store",
        "rate limiter",
        "webhook dispatcher",
        "billing worker",
        "auth middleware",
        "search indexer",
        "audit log",
        "CSV export endpoint",
    ],
    "acme/web": [
        "onboarding tour",
        "pricing page",
        "dark mode theme",
        "report builder",
        "settings page",
        "notification center",
        "billing page",
        "dashboard filters",
        "field app shell",
        "CSV export dialog",
    ],
}
TITLES = [
    "Add retries with jittered backoff to the {c}",
    "Fix timezone handling in the {c}",
    "Fix a race condition in the {c}",
    "Refactor config loading in the {c}",
    "Add structured logging to the {c}",
    "Fix off-by-one in {c} pagination",
    "Add request timeouts to the {c}",
    "Remove dead code from the {c}",
    "Add metrics for the {c}",
    "Fix null handling in the {c}",
]
WHYS = [
    "Customers on large accounts hit this weekly.",
    "Follow-up to last week's incident review.",
    "Needed for the 2.14 release.",
    "Support reported it twice this month.",
    "Small cleanup before the Q4 work starts.",
]
TESTING = [
    "Unit tests added; ran the suite against staging.",
    "Manual test on staging, screenshots in the first comment.",
    "New integration test covers the failing case.",
    "Existing tests pass; added one for the regression.",
]
BODY = "## Summary\n{title}. {why}\n\n## Testing\n{testing}"
FILES = {
    "acme/api": [
        "src/payments/client.py",
        "src/export/orders.py",
        "src/session/store.py",
        "src/http/middleware.py",
        "tests/test_export.py",
    ],
    "acme/web": [
        "src/pages/Pricing.tsx",
        "src/components/Tour.tsx",
        "src/theme/dark.ts",
        "src/reports/Builder.tsx",
        "src/settings/Page.tsx",
    ],
}
CHANGES_REQUESTED = [
    "Please add a test for the empty-list case before this goes in.",
    "The retry loop needs a cap; unbounded retries will hammer the upstream.",
    "This breaks v1 clients: keep the old field name until the deprecation ends.",
    "Needs a migration for the new column, otherwise the deploy fails on prod.",
    "The timeout should come from config, not a constant.",
]
COMMENTED = [
    "A few suggestions inline, nothing blocking.",
    "Looks reasonable overall; see the inline note on error handling.",
    "One question inline about the default value.",
]
APPROVED = ["", "", "LGTM", "Looks good 👍", "Nice cleanup.", "Approving; one nit inline."]
INLINE = [
    "Nit: rename to `max_backoff_s`.",
    "Cap this at 30s.",
    "This runs one query per row; batch it with `IN (...)`.",
    "Use `Decimal` here, floats lose cents.",
    "Missing `await` on this call.",
    "Log the request id here, it makes the traces searchable.",
]
AUTHOR_REPLIES = [
    "Pushed a test for the empty-list case.",
    "Reworked the retry loop in the last commit: capped at 5 attempts.",
    "Moved the timeout into `settings.py`.",
    "Split the migration into its own commit.",
]
COMMITS_FIX = [
    "Cap retry backoff at 30s",
    "Add test for empty list",
    "Address review comments",
    "Move timeout to settings",
    "Batch lookups in one query",
    "Rename max_backoff to max_backoff_s",
]
COMMITS_WORK = [
    "Initial implementation",
    "Wire up config",
    "Add tests",
    "Handle edge cases",
    "Update docs",
]
REVIEWER_QUESTIONS = [
    "Is the new index already in prod, or does this depend on the migration?",
    "Which clients still send the old field?",
    "What happens to in-flight jobs during the deploy?",
]
ACKS = ["I'll take a look this afternoon", "looking 👀", "On it"]
EARLY = [
    "Early thoughts: a state machine would make the retry states explicit.",
    "Early thoughts: the config split looks right, the tests need fixtures.",
]
CI_PASSED = "✅ Build #{n} passed in {m}m — <https://ci.acme.example/runs/{n}|details>"
CI_FAILED = (
    "❌ Build #{n} failed: 2 tests in `tests/test_export.py` — "
    "<https://ci.acme.example/runs/{n}|logs>"
)
REVIEWBOT = [
    "reviewbot: 2 findings (style: 1, complexity: 1).",
    "reviewbot: no findings.",
    "reviewbot: 1 finding (security: possible SQL built from input).",
]
DEPENDENCIES = [
    ("requests", "2.32.3", "2.32.4"),
    ("urllib3", "2.2.2", "2.2.3"),
    ("pydantic", "2.8.2", "2.9.0"),
    ("sqlalchemy", "2.0.31", "2.0.32"),
    ("react", "18.3.0", "18.3.1"),
    ("vite", "5.3.4", "5.4.0"),
    ("eslint", "9.7.0", "9.8.0"),
    ("typescript", "5.5.3", "5.5.4"),
]
AUTHOR_ANSWERS = [
    "The index is in prod since last week's release.",
    "Only the Android app 3.x, and it is updated in October.",
    "They finish on the old pods; the new ones only take new jobs.",
]
