"""Sends the read_path benchmark's needs page N times over one keep-alive connection:
python3 drive.py 127.0.0.1 PORT N"""
import json, sys, http.client
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
q = "query NeedsPage { needs(first: 20) { edges { node { id title summary buyer { id name } lots { number title } mainCpv { code label } } } } }"
c = http.client.HTTPConnection(host, port)
body = json.dumps({"query": q, "operationName": "NeedsPage"})
for _ in range(n):
    c.request("POST", "/graphql", body, {"content-type": "application/json"})
    r = c.getresponse(); data = r.read()
print(len(data), data[:200])
