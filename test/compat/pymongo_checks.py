"""Checks of BSON types and MongoDB's limits against `sluice db`, through pymongo.

Run by pymongo.compat.test.ts: `python3 pymongo_checks.py URI`. Each check runs an operation with a
second, independent MongoDB client and compares the answer with MongoDB's documented result (the
manual page is named in each check). Prints one JSON line: {"check name": "ok" | "why it failed"}.
"""
import json
import sys
import uuid

from bson.binary import Binary
from bson.decimal128 import Decimal128
from bson.int64 import Int64
from bson.son import SON
from bson.timestamp import Timestamp
from pymongo import ASCENDING, DESCENDING, MongoClient
from pymongo.errors import DocumentTooLarge, OperationFailure

MB16 = 16 * 1024 * 1024
client = MongoClient(sys.argv[1], serverSelectionTimeoutMS=5000)
db = client["pymongo_checks_" + uuid.uuid4().hex[:8]]
results = {}


def check(name):
    def run(fn):
        try:
            fn()
            results[name] = "ok"
        except Exception as e:  # noqa: BLE001 - every failure is reported by name
            results[name] = "%s: %s" % (type(e).__name__, e)
        return fn

    return run


def expect(actual, wanted):
    if actual != wanted or type(actual) is not type(wanted):
        raise AssertionError("got %r (%s), wanted %r (%s)" % (actual, type(actual).__name__, wanted, type(wanted).__name__))


def expect_code(fn, code):
    try:
        fn()
    except OperationFailure as e:
        if e.code != code:
            raise AssertionError("code %s, wanted %s: %s" % (e.code, code, e))
        return
    raise AssertionError("no error, wanted code %s" % code)


counter = [0]


def fresh(index=None):
    counter[0] += 1
    c = db["c%d" % counter[0]]
    if index:
        c.create_index([(index, ASCENDING)])
    return c


def both(docs, field):
    """The same documents without and with an index on `field`."""
    out = []
    for index in (None, field):
        c = fresh(index)
        c.insert_many([dict(d) for d in docs])
        out.append(c)
    return out


def ids(cursor):
    return [d["_id"] for d in cursor]


# Manual: BSON Document Size, https://www.mongodb.com/docs/manual/reference/limits/
@check("insert over 16 MB is refused with code 10334")
def _():
    c = fresh()
    big = {"_id": 1, "s": "x" * MB16}
    try:
        reply = db.command(SON([("insert", c.name), ("documents", [big])]))
        # a refused document is a write error of an otherwise successful command
        expect(reply["n"], 0)
        expect(reply["writeErrors"][0]["code"], 10334)
    except DocumentTooLarge:
        raise AssertionError("pymongo refused to send it: the server was not tested")
    reply = db.command(SON([("insert", c.name), ("documents", [{"_id": 2, "s": "x" * (MB16 - 100)}])]))
    expect(reply["n"], 1)
    expect(c.count_documents({"_id": 1}), 0)


@check("update past 16 MB is refused with code 17419 and the document stays whole")
def _():
    c = fresh()
    half = "y" * (9 * 1024 * 1024)
    c.insert_one({"_id": 1, "a": half})
    expect_code(lambda: c.update_one({"_id": 1}, {"$set": {"b": half}}), 17419)
    expect(c.find_one({"_id": 1}), {"_id": 1, "a": half})


# Manual: $inc, https://www.mongodb.com/docs/manual/reference/operator/update/inc/
@check("$inc turns an overflowing Int32 into an Int64")
def _():
    c = fresh()
    c.insert_one({"_id": 1, "n": 2147483647})
    c.update_one({"_id": 1}, {"$inc": {"n": 1}})
    expect(c.find_one({"_id": 1})["n"], Int64(2147483648))


@check("$inc keeps Int64 an Int64, exact beyond 2^53")
def _():
    c = fresh()
    c.insert_one({"_id": 1, "small": Int64(5), "big": Int64(2 ** 62)})
    c.update_one({"_id": 1}, {"$inc": {"small": 1, "big": 1}})
    doc = c.find_one({"_id": 1})
    expect(doc["small"], Int64(6))
    expect(doc["big"], Int64(2 ** 62 + 1))


@check("$inc on a Decimal128 is exact decimal arithmetic")
def _():
    c = fresh()
    c.insert_one({"_id": 1, "price": Decimal128("1.10")})
    c.update_one({"_id": 1}, {"$inc": {"price": Decimal128("0.05")}})
    expect(str(c.find_one({"_id": 1})["price"]), "1.15")


# Manual: BSON Types, https://www.mongodb.com/docs/manual/reference/bson-types/
@check("updates keep the types of fields they do not touch")
def _():
    c = fresh()
    c.insert_one({"_id": 1, "d": 10.0, "l": Int64(7), "tags": [1, 2]})
    c.update_one({"_id": 1}, {"$set": {"other": 1}})
    c.update_one({"_id": 1}, {"$pull": {"tags": 1}})
    doc = c.find_one({"_id": 1})
    expect(doc["d"], 10.0)
    expect(doc["l"], Int64(7))
    c.replace_one({"_id": 1}, {"d": 3.0})
    expect(c.find_one({"_id": 1})["d"], 3.0)
    c.update_one({"_id": 2}, {"$set": {"d": 4.0}}, upsert=True)
    expect(c.find_one({"_id": 2})["d"], 4.0)
    after = c.find_one_and_update({"_id": 2}, {"$set": {"x": 1}}, return_document=True)
    expect(after["d"], 4.0)
    expect(list(c.aggregate([{"$match": {"_id": 2}}, {"$project": {"d": 1}}]))[0]["d"], 4.0)


# Manual: Comparison/Sort Order, https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
@check("Int64 beyond 2^53 compares and sorts exactly, with and without an index")
def _():
    docs = [{"_id": "a", "v": Int64(2 ** 62)}, {"_id": "b", "v": Int64(2 ** 62 + 1)}, {"_id": "c", "v": Int64(2 ** 62 - 1)}]
    for c in both(docs, "v"):
        expect(ids(c.find({"v": {"$gt": Int64(2 ** 62)}})), ["b"])
        expect(ids(c.find({"v": {"$lt": Int64(2 ** 62)}})), ["c"])
        expect(ids(c.find().sort("v", ASCENDING)), ["c", "a", "b"])
        expect(ids(c.find().sort("v", DESCENDING)), ["b", "a", "c"])


@check("Decimal128 compares numerically with other numbers, with and without an index")
def _():
    docs = [{"_id": "dec", "v": Decimal128("1.10")}, {"_id": "five", "v": 5}, {"_id": "dec5", "v": Decimal128("5")}]
    for c in both(docs, "v"):
        expect(ids(c.find({"v": Decimal128("1.1")})), ["dec"])
        expect(sorted(ids(c.find({"v": 5}))), ["dec5", "five"])
        expect(ids(c.find({"v": {"$gt": 100}})), [])


@check("strings compare by code point in sorts and ranges, with and without an index")
def _():
    docs = [{"_id": "emoji", "s": "\U0001F600"}, {"_id": "fullwidth", "s": "\uFF21"}]
    for c in both(docs, "s"):
        expect(ids(c.find().sort("s", ASCENDING)), ["fullwidth", "emoji"])
        expect(ids(c.find({"s": {"$gt": "\uFF21"}})), ["emoji"])


@check("BinData equality respects the subtype, with and without an index")
def _():
    docs = [{"_id": "generic", "b": Binary(b"\x01\x02\x03", 0)}, {"_id": "other", "b": Binary(b"\x01\x02\x03", 5)}]
    for c in both(docs, "b"):
        expect(ids(c.find({"b": Binary(b"\x01\x02\x03", 5)})), ["other"])


@check("embedded-document equality respects field order")
def _():
    c = fresh()
    c.insert_many([{"_id": "hw", "size": SON([("h", 14), ("w", 21)])}, {"_id": "wh", "size": SON([("w", 21), ("h", 14)])}])
    expect(ids(c.find({"size": SON([("h", 14), ("w", 21)])})), ["hw"])


# Manual: $mod, https://www.mongodb.com/docs/manual/reference/operator/query/mod/ and Query for Null or Missing Fields
@check("$mod does not match null, and $gte null matches missing fields")
def _():
    c = fresh()
    c.insert_many([{"_id": "null", "v": None}, {"_id": "missing"}, {"_id": "four", "v": 4}])
    expect(ids(c.find({"v": {"$mod": [4, 0]}})), ["four"])
    expect(sorted(ids(c.find({"v": {"$gte": None}}))), ["missing", "null"])


# Manual: $ (projection), https://www.mongodb.com/docs/manual/reference/operator/projection/positional/
@check("positional projection returns the matched element")
def _():
    c = fresh()
    c.insert_one({"_id": 1, "items": [{"k": 1}, {"k": 2}, {"k": 3}]})
    expect(c.find_one({"items.k": 2}, {"items.$": 1}), {"_id": 1, "items": [{"k": 2}]})


@check("a descending sort on an array field uses each array's largest element")
def _():
    c = fresh()
    c.insert_many([{"_id": "wide", "v": [1, 10]}, {"_id": "mid", "v": [5, 6]}, {"_id": "single", "v": 7}])
    expect(ids(c.find().sort("v", DESCENDING)), ["wide", "single", "mid"])


# Manual: $count (aggregation), https://www.mongodb.com/docs/manual/reference/operator/aggregation/count/
@check("$count on no input returns no document")
def _():
    c = fresh()
    c.insert_one({"k": 1})
    expect(list(c.aggregate([{"$match": {"k": 2}}, {"$count": "n"}])), [])


# Manual: $currentDate, https://www.mongodb.com/docs/manual/reference/operator/update/currentDate/
@check("$currentDate with $type timestamp stores a Timestamp")
def _():
    c = fresh()
    c.insert_one({"_id": 1})
    c.update_one({"_id": 1}, {"$currentDate": {"ts": {"$type": "timestamp"}}})
    if not isinstance(c.find_one({"_id": 1})["ts"], Timestamp):
        raise AssertionError("not a Timestamp")


# Manual: renameCollection, https://www.mongodb.com/docs/manual/reference/command/renameCollection/
@check("renameCollection refuses an existing target and replaces it with dropTarget")
def _():
    src = fresh()
    dst = fresh()
    src.insert_one({"_id": 1, "from": "src"})
    dst.insert_one({"_id": 1, "from": "dst"})
    expect_code(lambda: src.rename(dst.name), 48)
    src.rename(dst.name, dropTarget=True)
    expect(db[dst.name].find_one(), {"_id": 1, "from": "src"})
    expect(src.name in db.list_collection_names(), False)


client.drop_database(db.name)
print(json.dumps(results))
