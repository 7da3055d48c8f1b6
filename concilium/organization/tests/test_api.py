"""The registry's read endpoints, as a script or a browser would call them."""


def test_the_members_on_a_date(client, sco):
    """GET /api/members?on=2020-09-10 lists the eight members."""
    body = client.get("/api/members", {"on": "2020-09-10"}).json()
    assert len(body["member"]) == 8
    assert body["member"][0]["names"]["zh"] == "中国"


def test_a_bad_date_is_a_422_naming_the_field(client, sco):
    """The API refuses an impossible date with a message naming the parameter."""
    response = client.get("/api/members", {"on": "2020-02-30"})
    assert response.status_code == 422
    assert response.json()["field"] == "on"


def test_an_unknown_state_is_a_404(client, sco):
    """Asking for a state that is not in the registry is 'not found', not a crash."""
    response = client.get("/api/states/XYZ/memberships")
    assert response.status_code == 404
    assert "XYZ" in response.json()["message"]


def test_bodies_and_their_hierarchy(client, sco):
    """The coordinators prepare for the ministers, who prepare for the heads of state."""
    bodies = {b["slug"]: b for b in client.get("/api/bodies").json()}
    assert bodies["cnc"]["prepares_for"] == "cfm"
    assert bodies["cfm"]["prepares_for"] == "chs"


def test_the_presidency_endpoints(client, sco):
    """On a date, the sequence with its deviation, and the default next holder."""
    assert client.get("/api/presidencies/on", {"date": "2020-09-10"}).json()["state"] == "RUS"
    sequence = client.get("/api/presidencies").json()
    assert [p["state"] for p in sequence if p["deviates"]] == ["RUS"]
    assert client.get("/api/presidencies/next").json()["state"] == "PAK"


def test_the_chair_of_a_body_on_a_date(client, sco):
    """The CFM's chair on 10 September 2020 is Russia's foreign minister."""
    chair = client.get("/api/bodies/cfm/chair", {"on": "2020-09-10"}).json()
    assert chair == {"body": "cfm", "date": "2020-09-10", "state": "RUS",
                     "official": "Sergey Lavrov"}


def test_officials_on_a_date(client, sco):
    """The Secretary-General and the RATS Director of 2020 are on record."""
    names = [o["names"]["en"] for o in client.get("/api/officials", {"on": "2020-09-10"}).json()]
    assert "Vladimir Norov" in names and "Jumakhon Giyasov" in names


def test_the_openapi_document_describes_the_api(client, sco):
    """/api/openapi.json is served and documents the registry endpoints."""
    spec = client.get("/api/openapi.json").json()
    assert "/api/members" in spec["paths"]


def test_listing_states_takes_one_query(client, sco, django_assert_num_queries):
    """The states endpoint does not query per state."""
    with django_assert_num_queries(1):
        client.get("/api/states")
