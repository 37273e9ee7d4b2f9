#!/usr/bin/env python3
"""Buckets a dotnet-trace speedscope file of `barge serve` by the part of the write path on its stack.

Usage: bench/profile-buckets.py trace.speedscope.json
Samples of threads waiting (thread pool, epoll, timers, logger), the finalizer and dynamic-method rundown are left
out. A sample with a GC frame goes to GC; any other goes to the bucket of its deepest matching frame.
"""
import json, sys, collections, re
f = json.load(open(sys.argv[1]))
frames = [fr['name'] for fr in f['shared']['frames']]
WAIT = re.compile(r'Wait|EventLoop|TryReadEvent|WaitForSignal|Sleep|Interop\+Sys\.Read|epoll|TimerLoop|ProcessLogQueue|LowLevelLifoSemaphore|WorkerThreadStart')
B = [
 ('GC (PollGC / GC.*)', r'PollGC|System\.GC\.|GCHeap|RhpGc'),
 ('WAL checkpoint (WalCheckpointer)', r'WalCheckpointer'),
 ('index garbage collector (IndexGarbage.Take / CollectSome)', r'IndexGarbageCollector|IndexGarbage\.'),
 ('segment flush: part rows written (IndexRows.FlushCompleteParts)', r'FlushCompleteParts|IndexRows\.Flush'),
 ('segment publish: keywords (IndexSegment.Part.AddKeywords)', r'AddKeywords'),
 ('segment publish: filterable entries (IndexSegment.Publish/Add)', r'IndexSegment'),
 ('keyword totals / lengths', r'KeywordTotals|KeywordLengths|KeywordRows'),
 ('entries: tokenizing (Tokenizer)', r'Tokenizer|TermPool'),
 ('entries: term counts (ObjectIndex.Count/CountTerms)', r'ObjectIndex\.Count'),
 ('entries: rest of ObjectIndex.Of', r'ObjectIndex|IndexEntries|KeywordFields'),
 ('object row INSERT (ObjectInsertStatement / ObjectWrites.Insert)', r'ObjectInsertStatement|ObjectWrites\.Insert'),
 ('upsert id lookup (ObjectWrites.Find)', r'ObjectWrites'),
 ('commit (WriteContext.Commit)', r'WriteContext\.Commit|SqliteTransaction\.Commit'),
 ('rest of the writer (journal, executor, group commit)', r'GroupCommitWriter|WriteExecutor|Journal'),
 ('auto-schema check (AutoSchemaInference)', r'AutoSchemaInference'),
 ('validation + normalization (PropertyValidator)', r'PropertyValidator'),
 ('rest of PrepareAsync', r'ObjectPreparer'),
 ('request JSON parse (JsonBody, ObjectWire)', r'JsonBody|ObjectWire'),
 ('gRPC: properties parsed back (JsonDocument.Parse in BatchObjectMapping)', r'^$'),
 ('gRPC: properties written as JSON (PropertiesJson, StructWireJson)', r'PropertiesJson|StructWireJson'),
 ('gRPC: rest of the mapping (BatchObjectMapping, BatchObjectFields, NamedVector)', r'BatchObjectMapping|BatchObjectFields|NamedVector'),
 ('gRPC: request read and method (RawBatchObjects, BatchObjectsMethod, Grpc.AspNetCore)', r'RawBatchObjects|BatchObjectsMethod|Grpc\.AspNetCore|Grpc\.Shared'),
 ('HTTP/2 (Kestrel Http2)', r'Http2'),
 ('answer + rest of the batch endpoint', r'BatchObjectsApi|ObjectBatchService'),
 ('HTTP (Kestrel, sockets) and other', r'.'),
]
B = [(n, re.compile(r)) for n, r in B]
acc = collections.Counter(); total = 0.0
for p in f['profiles']:
    stack = []; last = None
    for ev in p['events']:
        t = ev['at']
        if last is not None and stack:
            dt = t - last
            names = [frames[i] for i in stack]
            real = [n for n in names if n not in ('CPU_TIME', 'UNMANAGED_CODE_TIME')]
            if real and not any(WAIT.search(n) for n in real[-2:]) and not any(('SocketAsyncEngine.EventLoop' in n or 'Finalize' in n or 'Reflection.Emit' in n or 'FinalizerThread' in n) for n in real):
                total += dt
                best=B[0][0] if any(B[0][1].search(n) for n in real) else None
                # The gRPC mapping parses the JSON it wrote: its own bucket, told apart from the REST body's parse.
                if not best and any('BatchObjectMapping' in n for n in real) and any('JsonDocument.Parse' in n for n in real):
                    best = 'gRPC: properties parsed back (JsonDocument.Parse in BatchObjectMapping)'
                for n in ([] if best else reversed(real)):
                    for name, rx in B[1:-1]:
                        if rx.search(n): best=name; break
                    if best: break
                acc[best or B[-1][0]] += dt
        last = t
        if ev['type'] == 'O': stack.append(ev['frame'])
        else:
            while stack and stack[-1] != ev['frame']: stack.pop()
            if stack: stack.pop()
print(f"active ms {total:.0f}")
print("| part of the server's work | share |\n| --- | ---: |")
for name, _ in B: print(f"| {name} | {acc[name]/total*100:.1f} % |")
