"""Loads the read_path benchmark's data set (20 buyers, N announced needs with 1-5 lots, seed 16)
into a running samspill through its API: python3 load.py http://127.0.0.1:PORT/graphql 2000"""
import json, random, sys, urllib.request, http.cookiejar
url = sys.argv[1]; needs = int(sys.argv[2])
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
def gql(q, v):
    req = urllib.request.Request(url, json.dumps({"query": q, "variables": v}).encode(), {"content-type": "application/json"})
    r = json.load(opener.open(req)); assert "errors" not in r, r; return r["data"]
def org_number(n):
    body = "212000%03d" % (100 + n)
    s = 0
    for i, c in enumerate(body):
        v = int(c) * (2 if i % 2 == 0 else 1); s += v - 9 if v > 9 else v
    return "%s-%s%d" % (body[:6], body[6:], (10 - s % 10) % 10)
CPVS = ["90910000", "90620000", "55520000", "77310000", "85312320", "39100000"]
gql("mutation($i: RegisterInput!) { register(input: $i) { user { id } } }", {"i": {"email": "buyer@bench.example", "name": "Bench", "password": "benchmark password"}})
buyers = [gql("mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }", {"i": {"kind": "MUNICIPALITY", "name": "Kommun %d" % n, "country": "SE", "organisationNumber": org_number(n)}})["createOrganisation"]["id"] for n in range(20)]
rng = random.Random(16)
for n in range(needs):
    lots = [{"title": "Lot %d of need %d" % (l + 1, n), "description": "What this lot covers.", "cpv": rng.choice(CPVS)} for l in range(rng.randint(1, 5))]
    need = {"title": "Need %d: services for the municipality" % n, "summary": "Summary of need %d, a paragraph that says what the buyer wants to buy and why." % n,
            "description": "A longer description in **Markdown**.", "mainCpv": rng.choice(CPVS), "place": {"country": "SE", "nutsCode": "SE232"},
            "contractNature": "SERVICES", "procedureType": "OPEN", "lots": lots}
    c = gql("mutation($i: CreateNeedInput!) { createNeed(input: $i) { id revision } }", {"i": {"buyerId": rng.choice(buyers), "need": need}})["createNeed"]
    gql("mutation($i: ChangeNeedStatusInput!) { changeNeedStatus(input: $i) { status } }", {"i": {"id": c["id"], "revision": c["revision"], "status": "ANNOUNCED"}})
print("loaded", needs)
