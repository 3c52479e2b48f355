"""BGSAVE / BGREWRITEAOF latency probe (see BENCHMARKS.md): bgsave-latency.py <server dll> <label> <keys> [noverify] [rewrite].
With "rewrite" the server runs with appendonly yes and the probe measures BGREWRITEAOF instead of BGSAVE; the
verification then loads the AOF directory into a real redis-server (the keys hold their start value or what
redis-benchmark wrote during the rewrite)."""
import socket, subprocess, sys, time, os, threading, shutil
dll, label, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
verify = "noverify" not in sys.argv[4:]
rewrite = "rewrite" in sys.argv[4:]
child_cmd, in_progress = ("BGREWRITEAOF", "aof_rewrite_in_progress:1") if rewrite else ("BGSAVE", "rdb_bgsave_in_progress:1")
def freeport():
    s=socket.socket(); s.bind(("127.0.0.1",0)); p=s.getsockname()[1]; s.close(); return p
d=f"/tmp/bgbench/{label}"; shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
p=freeport()
srv=subprocess.Popen(["dotnet",dll,"--port",str(p),"--save","","--dir",d,"--appendonly","yes" if rewrite else "no"],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
def cli(*a): return subprocess.run(["redis-cli","-p",str(p),*a],capture_output=True,text=True).stdout.strip()
for _ in range(200):
    if cli("PING")=="PONG": break
    time.sleep(0.1)
else:
    sys.exit(f"{label}: our server on port {p} did not start")
def cmd(*a):
    return b"*%d\r\n"%len(a)+b"".join(b"$%d\r\n%s\r\n"%(len(x),x) for x in a)
data=b"".join(cmd(b"SET",b"key:%012d"%i,b"start:%d"%i) for i in range(n))
subprocess.run(["redis-cli","-p",str(p),"--pipe"],input=data,capture_output=True)
print(label,"dbsize",cli("DBSIZE"))
# latency probe
stop=False; lat=[]
def probe():
    s=socket.create_connection(("127.0.0.1",p)); 
    while not stop:
        t=time.perf_counter(); s.sendall(b"*1\r\n$4\r\nPING\r\n"); s.recv(100); lat.append((t,time.perf_counter()-t)); time.sleep(0.001)
th=threading.Thread(target=probe); th.start()
time.sleep(2)
t0=time.perf_counter(); print(label,child_cmd,cli(child_cmd))
bench=subprocess.Popen(["redis-benchmark","-p",str(p),"-t","set,get","-n","2000000","-r","1000000","-P","1","-c","50","-q"],stdout=subprocess.PIPE,stderr=subprocess.STDOUT,text=True)
while in_progress in cli("INFO","persistence"): time.sleep(0.01)
t1=time.perf_counter()
info=cli("INFO","all")
fields={l.split(":")[0]:l.split(":")[1] for l in info.splitlines() if ":" in l}
time.sleep(1); stop=True; th.join()
during=[l for (t,l) in lat if t0<=t<=t1]; outside=[l for (t,l) in lat if t<t0-0.5]
def stats(x): x=sorted(x); return f"n={len(x)} p50={x[len(x)//2]*1000:.2f}ms p99={x[int(len(x)*.99)]*1000:.2f}ms max={x[-1]*1000:.2f}ms" if x else "none"
status = fields.get('aof_last_bgrewrite_status') if rewrite else fields.get('rdb_last_bgsave_status')
print(label,f"{child_cmd} took {t1-t0:.2f}s; latest_fork_usec={fields.get('latest_fork_usec')} status={status}")
print(label,"PING during save:",stats(during)); print(label,"PING before save:",stats(outside))
bench.terminate(); bench.wait()
if not verify: cli("SHUTDOWN","NOSAVE"); srv.wait(); sys.exit(0)
# verify the file with a real redis-server
cli("SHUTDOWN","NOSAVE"); srv.wait()
p2=freeport()
rs=subprocess.Popen(["redis-server","--port",str(p2),"--save","","--appendonly","yes" if rewrite else "no","--dir",d,"--dbfilename","dump.rdb"],stdout=subprocess.DEVNULL)
def cli2(*a): return subprocess.run(["redis-cli","-p",str(p2),*a],capture_output=True,text=True).stdout.strip()
for _ in range(600):
    if cli2("PING")=="PONG": break
    time.sleep(0.1)
else:
    sys.exit(f"{label}: redis-server on port {p2} did not start")
print(label,"redis-server loaded dbsize",cli2("DBSIZE"))
s=socket.create_connection(("127.0.0.1",p2)); f=s.makefile("rb")
bad=0; step=1000
for b in range(0,n,step):
    keys=[b"key:%012d"%i for i in range(b,min(n,b+step))]
    s.sendall(cmd(b"MGET",*keys)); f.readline()
    for i in range(len(keys)):
        l=f.readline()
        if l.startswith(b"$-1"): bad+=1; continue
        v=f.readline().strip()
        if v!=b"start:%d"%(b+i) and not (rewrite and v==b"VXK"): bad+=1  # VXK: what redis-benchmark SET writes
print(label,"keys not holding their start value" + (" (or the benchmark's)" if rewrite else "") + ":",bad)
cli2("SHUTDOWN","NOSAVE"); rs.wait()
