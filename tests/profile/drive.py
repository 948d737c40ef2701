"""Sends one of the read_path benchmark's requests N times over one keep-alive connection:
python3 drive.py 127.0.0.1 PORT N [page|need]
(need: one need by id with its buyer, a different need each time, as the benchmark does)."""
import json, sys, http.client
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
workload = sys.argv[4] if len(sys.argv) > 4 else "page"
PAGE = "query NeedsPage { needs(first: 20) { edges { node { id title summary buyer { id name } lots { number title } mainCpv { code label } } } } }"
NEED = "query OneNeed($id: ID!) { need(id: $id) { id title summary buyer { id name } } }"
c = http.client.HTTPConnection(host, port)


def post(body):
    c.request("POST", "/graphql", json.dumps(body), {"content-type": "application/json"})
    return c.getresponse().read()


if workload == "need":
    page = json.loads(post({"query": "{ needs(first: 100) { edges { node { id } } } }"}))
    ids = [e["node"]["id"] for e in page["data"]["needs"]["edges"]]
    bodies = [{"query": NEED, "operationName": "OneNeed", "variables": {"id": i}} for i in ids]
else:
    bodies = [{"query": PAGE, "operationName": "NeedsPage"}]
for i in range(n):
    data = post(bodies[i % len(bodies)])
print(len(data), data[:200])
