#!/usr/bin/env bash
# Release checklist: `npm run release:check`. Verifies that what would be tagged is what was tested, then prints
# the commands that tag the release and move the major tag. It pushes nothing: a person runs those commands.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "release check failed: $*" >&2
  exit 1
}
step() { echo "== $*"; }

step "working tree is clean"
if [ -n "$(git status --porcelain --untracked-files=all)" ]; then
  git status --short >&2
  fail "commit or remove the changes above first: the release must be a commit"
fi

step "version in package.json"
version="$(node -p "require('./package.json').version")"
# semver prints the version it parsed; anything it had to clean up ('v1.2.3', ' 1.2.3') is not what npm publishes.
if [ "$(node_modules/.bin/semver -- "$version" 2>/dev/null)" != "$version" ]; then
  fail "package.json version '$version' is not a semantic version (X.Y.Z): npm version <major|minor|patch> --no-git-tag-version"
fi
tag="v$version"
major_tag="v${version%%.*}"
prerelease=false
[[ "$version" == *-* ]] && prerelease=true
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  fail "tag $tag exists already: bump the version in package.json"
fi

step "action.yml fits the Marketplace; the version releases the major tag the docs pin"
node_modules/.bin/tsx scripts/action-metadata.ts || fail "fix action.yml or the version (see above)"

step "CHANGELOG.md has an entry for $version"
if ! grep -Eq "^## \[$(printf '%s' "$version" | sed 's/[.]/\\./g')\]( - [0-9]{4}-[0-9]{2}-[0-9]{2})?[[:space:]]*$" CHANGELOG.md; then
  fail "CHANGELOG.md has no '## [$version] - YYYY-MM-DD' section: move the Unreleased entries under it"
fi

step "dist/ is built from this commit"
npm run build --silent >/dev/null
if ! git diff --quiet -- dist; then
  git --no-pager diff --stat -- dist >&2
  fail "dist/ does not match src/: commit the output of 'npm run build'"
fi
if [ -n "$(git status --porcelain --untracked-files=all -- dist)" ]; then
  git status --short -- dist >&2
  fail "dist/ has files that are not committed: commit the output of 'npm run build'"
fi

step "type check, lint, workflow lint"
npm run --silent typecheck
npm run --silent lint
npm run --silent lint:workflows

step "tests"
npm test --silent

notes="$(mktemp "${TMPDIR:-/tmp}/release-notes-$tag.XXXXXX")"
awk -v heading="## [$version]" 'index($0, heading) == 1 { found = 1; next } found && /^## / { exit } found { print }' \
  CHANGELOG.md >"$notes"

echo
echo "Release $tag is ready. Run these to publish it:"
echo
echo "  git tag -a $tag -m \"$tag\""
echo "  git push origin $tag"
if [ "$prerelease" = true ]; then
  echo "  gh release create $tag --prerelease --title \"$tag\" --notes-file \"$notes\""
  echo
  echo "$version is a prerelease: $major_tag stays where it is."
else
  echo "  git tag -fa $major_tag -m \"Update $major_tag to $tag\" $tag^{commit}"
  echo "  git push origin $major_tag --force"
  echo "  gh release create $tag --title \"$tag\" --notes-file \"$notes\""
  echo
  echo "Workflows that use @$major_tag get $tag when $major_tag is pushed."
fi
echo "Release notes from CHANGELOG.md: $notes"
