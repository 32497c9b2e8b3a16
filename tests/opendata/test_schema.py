"""Schemathesis over the whole OpenAPI schema (/api/schema/): requests generated from each
operation's parameters, without a token and with a space's token, never get a server
error, and every answer the schema documents has the documented shape.

Run inline (not with schemathesis' pytest plugin, whose fixtures do not mix with
pytest-django's database): each operation's strategy is drawn by hypothesis inside one
database test."""

from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from .factories import private_objects, public_objects, token_for

pytestmark = pytest.mark.django_db

EXAMPLES = 12  # per operation and per way in: ~40 operations × 2 × 12 requests


def test_the_schema_documents_the_space_token_and_how_to_send_it(client):
    schema = client.get("/api/schema/?format=json").json()
    scheme = schema["components"]["securitySchemes"]
    assert list(scheme) == ["jeton"]
    assert scheme["jeton"]["scheme"] == "bearer"
    assert "Authorization: Bearer" in schema["info"]["description"]
    assert "bulletin" in schema["info"]["description"]
    assert {"/api/v1/bulletins/", "/api/v1/retours-experience/"} <= set(schema["paths"])
    # Public resources: the token is optional ({} = without); private ones need it.
    assert {} in schema["paths"]["/api/v1/bulletins/"]["get"]["security"]
    assert schema["paths"]["/api/v1/besoins/"]["get"]["security"] == [{"jeton": []}]
    # The errors each operation may answer are documented, with their shapes.
    deliberations = schema["paths"]["/api/v1/deliberations/"]["get"]["responses"]
    assert {"400", "401", "403", "404", "429"} <= set(deliberations)
    one = schema["paths"]["/api/v1/deliberations/{id}/"]["get"]["responses"]
    assert {"401", "404"} <= set(one) and "400" not in one and "403" not in one
    assert "401" not in schema["paths"]["/api/v1/organisations/"]["get"]["responses"]
    assert deliberations["401"]["content"]["application/json"]["schema"]["required"] == ["detail"]


@pytest.fixture
def connection_kept_across_requests():
    """Schemathesis calls the real WSGI handler, whose request signals close the database
    connection; inside the test's transaction that would close PostgreSQL's connection
    under the test. Django's test client unhooks them the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error_or_an_answer_off_the_schema(
    world, connection_kept_across_requests
):
    public_objects(world)
    private_objects(world)
    _, key = token_for(world)
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    checks = [not_a_server_error, response_schema_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    statuses = Counter()
    for operation in operations:
        cache.clear()  # the anonymous throttle counts per address: each operation afresh
        exercise(operation, {}, checks, statuses)
        exercise(operation, {"Authorization": f"Bearer {key}"}, checks, statuses)
    print(sorted(statuses.items()))
    # The requests reached the resources, not only the parameters' checks.
    assert statuses[200] > len(operations) and statuses[400] > 0


def exercise(operation, headers, checks, statuses):
    """Draw EXAMPLES requests of one operation, send them with `headers`, check them."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.headers = {**(case.headers or {}), **headers}
        response = case.call()
        statuses[response.status_code] += 1
        case.validate_response(response, checks=checks)

    run()
