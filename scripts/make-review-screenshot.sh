#!/usr/bin/env bash
# The README's picture of a review page (docs/src/images/review.png): the report of one corpus
# PDF, its page scrolled to a row and shown at 1400 × 900 by headless Chromium, driven over
# the DevTools protocol by the ignored end-to-end test `review::a_screenshot_of_a_review_page`.
#   scripts/make-review-screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROADMAP_SCREENSHOT="$PWD/docs/src/images/review.png" \
  cargo test --locked -p roadmap --test end_to_end -- review::a_screenshot_of_a_review_page --ignored --exact >/dev/null
echo "docs/src/images/review.png"
