#!/usr/bin/env python3
"""Where the app's WebAssembly size goes, by crate and by function.

Reads the wasm that cargo writes before wasm-bindgen and wasm-opt (it still has its name
section): `cargo build --release --target wasm32-unknown-unknown -p arkki` then
`python3 bench/wasm_sizes.py $CARGO_TARGET_DIR/wasm32-unknown-unknown/release/arkki.wasm`.
Sizes are of function bodies before wasm-opt; use them to compare, not as the shipped size
(`make bench` reports that).
"""
import sys, re, collections
data=open(sys.argv[1],'rb').read()
def leb(b,i):
    r=0;s=0
    while True:
        x=b[i];i+=1;r|=(x&0x7f)<<s;s+=7
        if x<0x80: return r,i
i=8; imports=0; bodies=[]; names={}
while i<len(data):
    sid=data[i];i+=1;size,i=leb(data,i);end=i+size
    if sid==2:
        n,j=leb(data,i)
        for _ in range(n):
            l,j=leb(data,j);j+=l;l,j=leb(data,j);j+=l;kind=data[j];j+=1
            if kind==0: _,j=leb(data,j);imports+=1
            elif kind==1: j+=1; fl,j=leb(data,j); _,j=leb(data,j); 
            elif kind==2: fl,j=leb(data,j); _,j=leb(data,j); 
            elif kind==3: j+=2
            if kind==1 and fl&1: _,j=leb(data,j)
            if kind==2 and fl&1: _,j=leb(data,j)
    elif sid==10:
        n,j=leb(data,i)
        for k in range(n):
            l,j=leb(data,j);bodies.append(l);j+=l
    elif sid==0:
        l,j=leb(data,i);nm=data[j:j+l].decode();j+=l
        if nm=='name':
            while j<end:
                sub=data[j];j+=1;ssz,j=leb(data,j);send=j+ssz
                if sub==1:
                    n,k=leb(data,j)
                    for _ in range(n):
                        idx,k=leb(data,k);l,k=leb(data,k);names[idx]=data[k:k+l].decode('utf8','replace');k+=l
                j=send
    i=end
agg=collections.Counter(); top=[]
for k,sz in enumerate(bodies):
    nm=names.get(k+imports,'?')
    top.append((sz,nm))
    m=re.findall(r'(?:_ZN|^)(\d+)([a-z_][a-z0-9_]*)',nm)
    key=m[0][1] if m else nm[:30]
    # crude: find first crate-like token
    t=re.search(r'(arkki_api|arkki|leptos_router|leptos_dom|leptos|tachys|reactive_graph|serde_json|serde|gloo_net|wasm_bindgen|js_sys|web_sys|core|alloc|std|futures|url|idna|http|either_of|send_wrapper|or_poisoned|throw_error|hashbrown|itoa|ryu|dlmalloc|any_spawner|slotmap|icu_\w+)',nm)
    agg[t.group(1) if t else 'other']+=sz
print('total code',sum(bodies))
for k,v in agg.most_common(25): print(f'{v:8d} {k}')
for sz,nm in sorted(top,reverse=True)[:25]: print(sz, nm[:150])
