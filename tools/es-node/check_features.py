"""Feature check of a running es-node: python3 check_features.py http://127.0.0.1:PORT

Creates/deletes indices t1, t2, t3, t_custom, tmpl-1 and templates newsmon-tmpl / newsmon-comp. Lines marked
"(expected to FAIL ...)" document what this core node (no painless, analysis-common, reindex,
ingest-common) cannot do. Exit code 0 when only those expected failures occur.
"""

import json
import sys
import urllib.error
import urllib.request

U = sys.argv[1].rstrip("/")


def req(method, path, body=None, ndjson=False):
    data = None
    headers = {}
    if body is not None:
        if ndjson:
            data = ("\n".join(json.dumps(x, ensure_ascii=False) for x in body) + "\n").encode(
                "utf-8"
            )
            headers["Content-Type"] = "application/x-ndjson"
        else:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
    r = urllib.request.Request(U + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(r) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw.decode()


results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))
    print(("OK   " if ok else "FAIL ") + name + ("  -- " + str(detail)[:300] if detail else ""))


s, r = req("GET", "/")
check(
    "GET / version 8.19.x",
    s == 200 and r["version"]["number"].startswith("8.19."),
    r["version"]["number"],
)
s, r = req("GET", "/_cluster/health")
check("cluster health green/yellow", r["status"] in ("green", "yellow"), r["status"])
for cleanup in (
    "/t1",
    "/t2",
    "/t3",
    "/t_custom",
    "/tmpl-1",
    "/_index_template/newsmon-tmpl",
    "/_component_template/newsmon-comp",
):
    req("DELETE", cleanup)


# probe analysis components
def probe(kind, name):
    body = {"text": "Hello World 사티아"}
    if kind in ("analyzer", "tokenizer"):
        body[kind] = name
    else:  # filter, char_filter
        body.update({"tokenizer": "standard", kind: [name]})
    s, _ = req("POST", "/_analyze", body)
    return s == 200


avail = {}
for kind, names in {
    "analyzer": [
        "standard",
        "simple",
        "whitespace",
        "keyword",
        "stop",
        "pattern",
        "fingerprint",
        "english",
        "cjk",
        "snowball",
        "nori",
        "smartcn",
    ],
    "tokenizer": [
        "standard",
        "whitespace",
        "keyword",
        "letter",
        "lowercase",
        "classic",
        "ngram",
        "edge_ngram",
        "pattern",
        "simple_pattern",
        "char_group",
        "path_hierarchy",
        "uax_url_email",
        "thai",
        "nori_tokenizer",
    ],
    "filter": [
        "lowercase",
        "uppercase",
        "stop",
        "shingle",
        "asciifolding",
        "trim",
        "truncate",
        "unique",
        "length",
        "cjk_bigram",
        "cjk_width",
        "stemmer",
        "synonym",
        "synonym_graph",
        "word_delimiter_graph",
        "edge_ngram",
        "ngram",
        "elision",
        "reverse",
        "snowball",
        "decimal_digit",
        "keyword_marker",
        "pattern_replace",
        "limit",
        "porter_stem",
        "kstem",
        "classic",
        "apostrophe",
        "fingerprint",
        "remove_duplicates",
        "multiplexer",
        "nori_part_of_speech",
        "nori_readingform",
        "icu_folding",
    ],
    "char_filter": ["html_strip", "mapping", "pattern_replace", "icu_normalizer"],
}.items():
    ok = [n for n in names if probe(kind, n)]
    avail[kind] = ok
    check(
        f"_analyze {kind}s available",
        True,
        "yes: " + ",".join(ok) + " | no: " + ",".join(n for n in names if n not in ok),
    )

s, r = req("POST", "/_analyze", {"analyzer": "standard", "text": "사티아 나델라가 방한했다"})
check("_analyze standard Korean", s == 200, [t["token"] for t in r["tokens"]] if s == 200 else r)
s, r = req("POST", "/_analyze", {"analyzer": "whitespace", "text": "사티아 나델라가 방한했다"})
check("_analyze whitespace Korean", s == 200, [t["token"] for t in r["tokens"]] if s == 200 else r)

# custom analyzer from built-ins
custom = {
    "analysis": {
        "analyzer": {
            "ws_lower": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            "std_lower": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        },
        "normalizer": {"lc": {"type": "custom", "filter": ["lowercase"]}},
    }
}
s, r = req("PUT", "/t_custom", {"settings": custom})
check("custom analyzer whitespace tokenizer (expected to FAIL: analysis-common)", s == 200, r)
req("DELETE", "/t_custom")
c2 = {
    "number_of_replicas": 0,
    "analysis": {
        "filter": {"ko_stop": {"type": "stop", "stopwords": ["기사"]}},
        "analyzer": {
            "std_lower": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "ko_stop"],
            }
        },
        "normalizer": {"lc": {"type": "custom", "filter": ["lowercase"]}},
    },
}
s, r = req(
    "PUT",
    "/t_custom",
    {"settings": c2, "mappings": {"properties": {"k": {"type": "keyword", "normalizer": "lc"}}}},
)
check(
    "custom analyzer standard tokenizer + lowercase + custom stop filter; lowercase normalizer",
    s == 200,
    r,
)
s, r = req(
    "POST", "/t_custom/_analyze", {"analyzer": "std_lower", "text": "Satya NADELLA 사티아 기사"}
)
check("custom analyzer runs", s == 200, [t["token"] for t in r["tokens"]] if s == 200 else r)
req("DELETE", "/t_custom")

mapping = {
    "properties": {
        "url": {"type": "keyword"},
        "site": {"type": "keyword"},
        "title": {
            "type": "text",
            "analyzer": "standard",
            "fields": {
                "ws": {"type": "text", "analyzer": "whitespace"},
                "raw": {"type": "keyword"},
            },
        },
        "body": {"type": "text", "analyzer": "whitespace"},
        "published": {"type": "date"},
        "meta": {"type": "object", "properties": {"author": {"type": "keyword"}}},
        "entities": {
            "type": "nested",
            "properties": {"name": {"type": "keyword"}, "score": {"type": "float"}},
        },
        "n": {"type": "integer"},
        "score": {"type": "float"},
        "flag": {"type": "boolean"},
        "dup_key": {"type": "keyword"},
    }
}
s, r = req(
    "PUT",
    "/t1",
    {"settings": {"number_of_shards": 1, "number_of_replicas": 0}, "mappings": mapping},
)
check(
    "create index explicit mapping (keyword,text std/ws,date,object,nested,int,float,bool)",
    s == 200,
    r,
)

s, r = req(
    "PUT",
    "/_index_template/newsmon-tmpl",
    {
        "index_patterns": ["tmpl-*"],
        "priority": 100,
        "template": {
            "settings": {"number_of_shards": 1, "number_of_replicas": 0},
            "mappings": {"properties": {"title": {"type": "text"}, "x": {"type": "keyword"}}},
            "aliases": {"tmpl-all": {}},
        },
    },
)
check("PUT _index_template (composable)", s == 200, r)
s, r = req("PUT", "/tmpl-1")
s2, r2 = req("GET", "/tmpl-1/_mapping")
check(
    "template applied on index creation",
    s == 200 and r2["tmpl-1"]["mappings"]["properties"]["x"]["type"] == "keyword",
    r2,
)
s, r = req(
    "PUT",
    "/_component_template/newsmon-comp",
    {"template": {"mappings": {"properties": {"c": {"type": "keyword"}}}}},
)
check("PUT _component_template", s == 200, r)

s, r = req(
    "PUT",
    "/t2",
    {"settings": {"number_of_shards": 1, "number_of_replicas": 0}, "mappings": mapping},
)
s, r = req(
    "POST",
    "/_aliases",
    {
        "actions": [
            {"add": {"index": "t1", "alias": "news", "is_write_index": True}},
            {"add": {"index": "t2", "alias": "news", "is_write_index": False}},
        ]
    },
)
check("POST /_aliases with is_write_index", s == 200, r)

docs = []
for i in range(20):
    docs.append({"index": {"_index": "news", "_id": f"d{i}"}})
    docs.append(
        {
            "url": f"https://ex.kr/{i}",
            "site": f"site{i % 3}",
            "title": f"사티아 나델라가 방한했다 {i}",
            "body": f"마이크로소프트 CEO 사티아 나델라 방한 기사 {i}",
            "published": f"2025-01-{(i % 9) + 1:02d}T10:00:00+09:00",
            "meta": {"author": f"기자{i % 2}"},
            "entities": [
                {"name": "사티아 나델라", "score": 0.9},
                {"name": "마이크로소프트", "score": 0.5},
            ],
            "n": i,
            "score": i / 10,
            "flag": i % 2 == 0,
            "dup_key": f"k{i % 5}",
        }
    )
docs.append({"create": {"_index": "news", "_id": "bad1"}})
docs.append({"url": "x", "n": "not-a-number", "title": "bad doc"})
docs.append({"create": {"_index": "news", "_id": "d0"}})  # exists -> 409
docs.append({"url": "dup"})
s, r = req("POST", "/_bulk", docs, ndjson=True)
item_results = [next(iter(it.values())) for it in r["items"]]  # {"index": {...}} -> {...}
errs = [(it["_id"], it["status"]) for it in item_results if "error" in it]
okc = sum(1 for it in item_results if "error" not in it)
check(
    "_bulk index/create with per-item errors",
    s == 200 and r["errors"] is True and okc == 20 and sorted(errs) == [("bad1", 400), ("d0", 409)],
    f"ok={okc} errors={errs}",
)
s, r = req("POST", "/news/_refresh")
check("_refresh (via alias)", s == 200, r)
s, r = req("GET", "/t1/_count")
check("_count", s == 200 and r["count"] == 20, r)
s, r = req("GET", "/t1/_doc/d3")
check(
    "Korean UTF-8 round trip",
    r["_source"]["title"] == "사티아 나델라가 방한했다 3"
    and r["_source"]["meta"]["author"] == "기자1",
    r["_source"]["title"],
)


def search(body, path="/t1/_search"):
    return req("POST", path, body)


s, r = search({"query": {"match": {"title": "나델라가"}}})
check(
    "search match (standard-analyzed Korean)",
    s == 200 and r["hits"]["total"]["value"] == 20,
    r["hits"]["total"] if s == 200 else r,
)
s, r = search({"query": {"match": {"body": "사티아"}}})
check(
    "search match on whitespace-analyzed field",
    s == 200 and r["hits"]["total"]["value"] == 20,
    r["hits"]["total"] if s == 200 else r,
)
s, r = search({"query": {"match_phrase": {"title": "나델라가 방한했다"}}})
check(
    "search match_phrase",
    s == 200 and r["hits"]["total"]["value"] == 20,
    r["hits"]["total"] if s == 200 else r,
)
s, r = search(
    {
        "query": {
            "bool": {
                "must": [{"match": {"title": "사티아"}}],
                "filter": [
                    {"range": {"published": {"gte": "2025-01-03", "lt": "2025-01-05"}}},
                    {"terms": {"site": ["site0", "site1"]}},
                ],
                "must_not": [{"term": {"flag": False}}],
            }
        }
    }
)
check(
    "search bool + range(date) + terms + term(bool)",
    s == 200 and r["hits"]["total"]["value"] > 0,
    r["hits"]["total"] if s == 200 else r,
)
s, r = search({"query": {"range": {"n": {"gte": 5, "lte": 9}}}})
check(
    "search range integer",
    s == 200 and r["hits"]["total"]["value"] == 5,
    r["hits"]["total"] if s == 200 else r,
)
s, r = search(
    {
        "query": {
            "nested": {"path": "entities", "query": {"term": {"entities.name": "사티아 나델라"}}}
        }
    }
)
check(
    "search nested query",
    s == 200 and r["hits"]["total"]["value"] == 20,
    r["hits"]["total"] if s == 200 else r,
)
s, r = search(
    {"query": {"match": {"title": "나델라가"}}, "highlight": {"fields": {"title": {}, "body": {}}}}
)
check(
    "highlight",
    s == 200 and "highlight" in r["hits"]["hits"][0],
    r["hits"]["hits"][0].get("highlight") if s == 200 else r,
)
s, r = search({"query": {"match_all": {}}, "collapse": {"field": "dup_key"}, "size": 100})
check(
    "collapse on keyword",
    s == 200 and len(r["hits"]["hits"]) == 5,
    len(r["hits"]["hits"]) if s == 200 else r,
)
s, r = search(
    {
        "size": 0,
        "aggs": {
            "sites": {
                "terms": {"field": "site"},
                "aggs": {"top": {"top_hits": {"size": 1, "_source": ["title"]}}},
            },
            "per_day": {
                "date_histogram": {
                    "field": "published",
                    "calendar_interval": "day",
                    "time_zone": "Asia/Seoul",
                }
            },
        },
    }
)
check(
    "aggs terms + top_hits + date_histogram",
    s == 200
    and len(r["aggregations"]["sites"]["buckets"]) == 3
    and len(r["aggregations"]["per_day"]["buckets"]) == 9,
    (
        r["aggregations"]["sites"]["buckets"][0]["key"],
        r["aggregations"]["per_day"]["buckets"][0]["key_as_string"],
    )
    if s == 200
    else r,
)
s, r = search({"query": {"query_string": {"query": "title:사티아 AND n:[1 TO 3]"}}})
check(
    "query_string",
    s == 200 and r["hits"]["total"]["value"] == 3,
    r["hits"]["total"] if s == 200 else r,
)
s, r = search(
    {
        "query": {"multi_match": {"query": "방한", "fields": ["title^2", "body"]}},
        "sort": [{"published": "desc"}, "_score"],
        "from": 0,
        "size": 3,
        "track_total_hits": True,
    }
)
check(
    "multi_match + sort + paging",
    s == 200 and len(r["hits"]["hits"]) == 3,
    r["hits"]["total"] if s == 200 else r,
)
s, r = req("POST", "/t1/_search?scroll=1m", {"size": 5, "query": {"match_all": {}}})
check("scroll", s == 200 and "_scroll_id" in r, "")
s, r = req("POST", "/t1/_pit?keep_alive=1m")
check("point in time (_pit)", s == 200 and "id" in r, r if s != 200 else "")
s, r = req(
    "POST", "/_mget", {"docs": [{"_index": "t1", "_id": "d1"}, {"_index": "t1", "_id": "nope"}]}
)
check("_mget", s == 200 and r["docs"][0]["found"] and not r["docs"][1]["found"], "")
s, r = req("POST", "/t1/_update/d1", {"doc": {"flag": True, "meta": {"author": "새기자"}}})
s2, r2 = req("GET", "/t1/_doc/d1")
check(
    "_update partial doc",
    s == 200 and r2["_source"]["meta"]["author"] == "새기자",
    r.get("result") if isinstance(r, dict) else r,
)
s, r = req("POST", "/t1/_update/d2", {"doc": {"n": 1}, "doc_as_upsert": True})
check("_update doc_as_upsert", s == 200, r.get("result"))
s, r = req(
    "POST", "/t1/_update/d1", {"script": {"source": "ctx._source.n += 1", "lang": "painless"}}
)
check("_update with painless script (expected to FAIL: no painless)", s == 200, r)
s, r = req("POST", "/t1/_update_by_query", {"query": {"match_all": {}}})
check("_update_by_query (expected to FAIL: reindex module)", s == 200, r)
s, r = req("POST", "/t1/_delete_by_query", {"query": {"term": {"n": 19}}})
check("_delete_by_query (expected to FAIL: reindex module)", s == 200, r)
s, r = req("POST", "/_reindex", {"source": {"index": "t1"}, "dest": {"index": "t3"}})
check("_reindex (expected to FAIL: reindex module)", s == 200, r)
s, r = req("DELETE", "/t1/_doc/d19")
check("DELETE doc", s == 200, r.get("result"))
s, r = req("GET", "/_nodes/plugins")
node = next(iter(r["nodes"].values()))
check(
    "_nodes/plugins lists modules/plugins",
    s == 200,
    {
        "plugins": [p["name"] for p in node["plugins"]],
        "modules": [p["name"] for p in node["modules"]],
    },
)
s, r = req("GET", "/_cat/plugins?format=json")
check("_cat/plugins", s == 200, r)
s, r = req("GET", "/_cat/indices?format=json")
check("_cat/indices", s == 200, [(x["index"], x["health"], x["docs.count"]) for x in r])
s, r = req("GET", "/_cluster/health?wait_for_status=yellow&timeout=5s")
check("health after indexing", r["status"] in ("green", "yellow"), r["status"])
s, r = req("GET", "/t1/_mapping")
check("GET _mapping", s == 200, "")
s, r = req("PUT", "/t1/_mapping", {"properties": {"newfield": {"type": "keyword"}}})
check("PUT _mapping (add field)", s == 200, r)
s, r = req("PUT", "/t1/_settings", {"index": {"refresh_interval": "5s"}})
check("PUT _settings", s == 200, r)
s, r = req(
    "POST",
    "/_ingest/pipeline/_simulate",
    {
        "pipeline": {"processors": [{"set": {"field": "a", "value": "b"}}]},
        "docs": [{"_source": {}}],
    },
)
check("ingest pipeline 'set' processor (expected to FAIL: ingest-common module)", s == 200, r)
s, r = req(
    "GET",
    "/t1/_search",
    {"query": {"match_all": {}}, "script_fields": {"x": {"script": "doc['n'].value"}}},
)
check("script_fields (expected to FAIL: no painless)", s == 200, r)
s, r = req(
    "GET",
    "/t1/_search",
    {
        "size": 0,
        "aggs": {
            "c": {"cardinality": {"field": "site"}},
            "st": {"stats": {"field": "n"}},
            "f": {"filter": {"term": {"flag": True}}},
            "sig": {"significant_terms": {"field": "site"}},
        },
    },
)
check("aggs cardinality/stats/filter/significant_terms", s == 200, r if s != 200 else "")
s, r = req(
    "GET",
    "/t1/_search",
    {
        "query": {"exists": {"field": "meta.author"}},
        "sort": [{"n": "asc"}],
        "search_after": [3],
        "size": 2,
    },
)
check("search_after + exists", s == 200 and r["hits"]["hits"][0]["_source"]["n"] == 4, "")
s, r = req("POST", "/news/_doc", {"title": "write via alias", "url": "u"})
check("index via write alias", s == 201 and r["_index"] == "t1", r.get("_index"))
s, r = req("POST", "/t1/_flush")
check("_flush", s == 200, "")
s, r = req("GET", "/t1/_termvectors/d1?fields=title")
check("_termvectors", s == 200, "")
unexpected = [x[0] for x in results if not x[1] and "expected to FAIL" not in x[0]]
print()
ok = sum(1 for x in results if x[1])
print(f"SUMMARY: {ok} ok, {len(results) - ok} fail ({len(unexpected)} unexpected: {unexpected})")
sys.exit(1 if unexpected else 0)
