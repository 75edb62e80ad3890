"""secret-in-source: a literal password or token in a source's URL or headers."""

from tests.conftest import GoalTree

KPIS = """
team: support
kpis:
  - id: churn
    title: Monthly churn
    owner: lin
    band: {max: 3}
    source:
      kind: sql
      url: postgresql://okr:hunter2@db.example.com/metrics
      query: select day, churn_pct from churn_daily
  - id: uptime
    title: API uptime
    owner: lin
    band: {min: 99.5}
    source:
      kind: http-json
      url: https://status.example.com/api?api_key=abc123&region=eu
      headers:
        Authorization: Bearer abc123
        X-Api-Key: ${STATUS_KEY}
        Accept: application/json
      value: /uptime
"""

CLEAN = """
team: support
kpis:
  - id: churn
    title: Monthly churn
    owner: lin
    band: {max: 3}
    source:
      kind: sql
      url: postgresql://okr:${DB_PASSWORD}@db.example.com/metrics
      query: select day, churn_pct from churn_daily
  - id: uptime
    title: API uptime
    owner: lin
    band: {min: 99.5}
    source:
      kind: http-json
      url: https://status.example.com/api?api_key=${STATUS_KEY}&region=eu
      headers: {Authorization: "Bearer ${STATUS_TOKEN}"}
      value: /uptime
"""


def test_literal_passwords_and_tokens_are_errors(goals: GoalTree) -> None:
    goals.write("support.yaml", KPIS)
    result = goals.lint()
    assert result.of("secret-in-source") == [
        ("support.yaml", 9, 12, "secret-in-source"),
        ("support.yaml", 17, 12, "secret-in-source"),
        ("support.yaml", 19, 24, "secret-in-source"),
    ]
    assert result.messages("secret-in-source") == [
        "source of `support/churn`: the URL holds a literal password: write it as ${VARIABLE}",
        "source of `support/uptime`: the URL's `api_key` is a literal secret: write it as "
        "${VARIABLE}",
        "source of `support/uptime`: the header `Authorization` is a literal secret: write it "
        "as ${VARIABLE}",
    ]
    assert result.exit_code == 1


def test_secrets_from_the_environment_pass(goals: GoalTree) -> None:
    goals.write("support.yaml", CLEAN)
    assert goals.lint().of("secret-in-source") == []
