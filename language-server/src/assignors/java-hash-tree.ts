/**
 * A full model of `java.util.HashMap` insertion, for the rare maps where a bucket becomes a
 * red-black tree ("treeified": 9 or more keys in one bucket of a table of 64 or more). A tree
 * bucket is still iterated along its `next` links, but those links are no longer insertion order:
 * building the tree moves its root to the front of the bucket, a key added later is linked right
 * after its parent in the tree, and a resize that leaves a half with more than 6 keys builds a
 * new tree from that half. java-hash.ts only calls this when a bucket actually got that full.
 *
 * Keys are compared, as HashMap does, by spread hash first and then with `compare` (Comparable
 * keys: String, Integer, Uuid); keys with equal hashes and no `compare` fall back to insertion
 * order, where Java would use System.identityHashCode (not reproducible).
 *
 * Insertions only: nothing in our models removes keys from a map large enough to treeify.
 */

const TREEIFY_THRESHOLD = 8;
const UNTREEIFY_THRESHOLD = 6;
const MIN_TREEIFY_CAPACITY = 64;

class HNode {
    next: HNode | null = null;
    // Tree links, used while the node's bucket is a tree.
    prev: HNode | null = null;
    parent: HNode | null = null;
    left: HNode | null = null;
    right: HNode | null = null;
    red = false;
    tree = false;
    constructor(readonly hash: number, readonly index: number) {}
}

export class JavaHashMapSimulation {
    private table: (HNode | null)[] = [];
    private size = 0;
    private threshold: number;

    /**
     * @param firstCapacity the table size the first insertion allocates
     * @param compare how the keys (given as insertion indices) compare when their hashes are equal; 0 = no order
     */
    constructor(firstCapacity: number, private readonly compare: (a: number, b: number) => number) {
        this.threshold = firstCapacity; // Java keeps the initial capacity in `threshold` until the first resize
    }

    /** Inserts key number `index` (distinct keys only) with this spread hash. */
    put(index: number, hash: number): void {
        if (this.table.length === 0) this.resize();
        const n = this.table.length;
        const i = hash & (n - 1);
        const first = this.table[i];
        if (first === null) {
            this.table[i] = new HNode(hash, index);
        } else if (first.tree) {
            this.putTreeVal(first, index, hash);
        } else {
            let p = first;
            let binCount = 0;
            while (p.next !== null) {
                p = p.next;
                binCount++;
            }
            p.next = new HNode(hash, index);
            if (binCount >= TREEIFY_THRESHOLD - 1) this.treeifyBin(hash);
        }
        if (++this.size > this.threshold) this.resize();
    }

    /** Insertion indices in iteration order. */
    order(): number[] {
        const out: number[] = [];
        for (const head of this.table) for (let e = head; e !== null; e = e.next) out.push(e.index);
        return out;
    }

    get tableSize(): number {
        return this.table.length;
    }

    private resize(): void {
        const oldTab = this.table;
        const oldCap = oldTab.length;
        let newCap: number;
        if (oldCap > 0) {
            newCap = oldCap * 2;
        } else {
            newCap = this.threshold > 0 ? this.threshold : 16;
        }
        this.threshold = Math.floor(newCap * 0.75);
        const newTab: (HNode | null)[] = new Array(newCap).fill(null);
        this.table = newTab;
        for (let j = 0; j < oldCap; j++) {
            const e = oldTab[j];
            if (e === null) continue;
            if (e.next === null) {
                newTab[e.hash & (newCap - 1)] = e;
            } else if (e.tree) {
                this.split(e, j, oldCap);
            } else {
                // Keep the relative order in each half.
                let loHead: HNode | null = null, loTail: HNode | null = null, hiHead: HNode | null = null, hiTail: HNode | null = null;
                for (let x: HNode | null = e; x !== null;) {
                    const next: HNode | null = x.next;
                    x.next = null;
                    if ((x.hash & oldCap) === 0) {
                        if (loTail === null) loHead = x; else loTail.next = x;
                        loTail = x;
                    } else {
                        if (hiTail === null) hiHead = x; else hiTail.next = x;
                        hiTail = x;
                    }
                    x = next;
                }
                newTab[j] = loHead;
                newTab[j + oldCap] = hiHead;
            }
        }
    }

    private treeifyBin(hash: number): void {
        const n = this.table.length;
        if (n < MIN_TREEIFY_CAPACITY) {
            this.resize();
            return;
        }
        const index = hash & (n - 1);
        let prev: HNode | null = null;
        for (let e = this.table[index]; e !== null; e = e.next) {
            e.tree = true;
            e.prev = prev;
            prev = e;
        }
        this.treeify(this.table[index]!);
    }

    /** Builds a tree from the chain starting at `head` (in chain order), then moves its root to the front. */
    private treeify(head: HNode): void {
        let root: HNode | null = null;
        for (let x: HNode | null = head; x !== null; x = x.next) {
            x.tree = true;
            x.left = x.right = null;
            if (root === null) {
                x.parent = null;
                x.red = false;
                root = x;
                continue;
            }
            for (let p: HNode = root; ;) {
                const dir = this.direction(x, p);
                const xp = p;
                const child = dir <= 0 ? p.left : p.right;
                if (child === null) {
                    x.parent = xp;
                    if (dir <= 0) xp.left = x; else xp.right = x;
                    root = balanceInsertion(root, x);
                    break;
                }
                p = child;
            }
        }
        this.moveRootToFront(root!);
    }

    private putTreeVal(first: HNode, index: number, hash: number): void {
        let root = first;
        while (root.parent !== null) root = root.parent;
        const x = new HNode(hash, index);
        for (let p: HNode = root; ;) {
            const dir = this.direction(x, p);
            const xp = p;
            const child = dir <= 0 ? p.left : p.right;
            if (child === null) {
                // Linked into the chain right after its tree parent.
                const xpn = xp.next;
                x.tree = true;
                x.next = xpn;
                if (dir <= 0) xp.left = x; else xp.right = x;
                xp.next = x;
                x.parent = x.prev = xp;
                if (xpn !== null) xpn.prev = x;
                this.moveRootToFront(balanceInsertion(root, x));
                return;
            }
            p = child;
        }
    }

    /** Which way `x` goes below `p`: hash order, then the keys' own order, then (our fallback) insertion order. */
    private direction(x: HNode, p: HNode): number {
        if (p.hash > x.hash) return -1;
        if (p.hash < x.hash) return 1;
        const c = this.compare(x.index, p.index);
        if (c !== 0) return c;
        return x.index < p.index ? -1 : 1;
    }

    private moveRootToFront(root: HNode): void {
        const index = root.hash & (this.table.length - 1);
        const first = this.table[index];
        if (root === first) return;
        this.table[index] = root;
        const rp = root.prev;
        const rn = root.next;
        if (rn !== null) rn.prev = rp;
        if (rp !== null) rp.next = rn;
        if (first !== null) first.prev = root;
        root.next = first;
        root.prev = null;
    }

    /** Resize of a tree bucket: two halves in chain order; small halves become lists, others new trees. */
    private split(b: HNode, index: number, bit: number): void {
        let loHead: HNode | null = null, loTail: HNode | null = null, hiHead: HNode | null = null, hiTail: HNode | null = null;
        let lc = 0, hc = 0;
        for (let e: HNode | null = b; e !== null;) {
            const next: HNode | null = e.next;
            e.next = null;
            if ((e.hash & bit) === 0) {
                e.prev = loTail;
                if (loTail === null) loHead = e; else loTail.next = e;
                loTail = e;
                lc++;
            } else {
                e.prev = hiTail;
                if (hiTail === null) hiHead = e; else hiTail.next = e;
                hiTail = e;
                hc++;
            }
            e = next;
        }
        if (loHead !== null) {
            if (lc <= UNTREEIFY_THRESHOLD) this.table[index] = untreeify(loHead);
            else {
                this.table[index] = loHead;
                if (hiHead !== null) this.treeify(loHead);
            }
        }
        if (hiHead !== null) {
            if (hc <= UNTREEIFY_THRESHOLD) this.table[index + bit] = untreeify(hiHead);
            else {
                this.table[index + bit] = hiHead;
                if (loHead !== null) this.treeify(hiHead);
            }
        }
    }
}

function untreeify(head: HNode): HNode {
    for (let e: HNode | null = head; e !== null; e = e.next) {
        e.tree = false;
        e.prev = e.parent = e.left = e.right = null;
    }
    return head;
}

function rotateLeft(root: HNode, p: HNode): HNode {
    const r = p.right;
    if (r === null) return root;
    const rl = (p.right = r.left);
    if (rl !== null) rl.parent = p;
    const pp = (r.parent = p.parent);
    if (pp === null) {
        root = r;
        r.red = false;
    } else if (pp.left === p) pp.left = r;
    else pp.right = r;
    r.left = p;
    p.parent = r;
    return root;
}

function rotateRight(root: HNode, p: HNode): HNode {
    const l = p.left;
    if (l === null) return root;
    const lr = (p.left = l.right);
    if (lr !== null) lr.parent = p;
    const pp = (l.parent = p.parent);
    if (pp === null) {
        root = l;
        l.red = false;
    } else if (pp.right === p) pp.right = l;
    else pp.left = l;
    l.right = p;
    p.parent = l;
    return root;
}

/** Red-black insertion fix-up (the textbook one, as HashMap.TreeNode does it). Returns the root. */
function balanceInsertion(root: HNode, x: HNode): HNode {
    x.red = true;
    for (;;) {
        let xp = x.parent;
        if (xp === null) {
            x.red = false;
            return x;
        }
        let xpp = xp.parent;
        if (!xp.red || xpp === null) return root;
        const xppl = xpp.left;
        if (xp === xppl) {
            const xppr = xpp.right;
            if (xppr !== null && xppr.red) {
                xppr.red = false;
                xp.red = false;
                xpp.red = true;
                x = xpp;
            } else {
                if (x === xp.right) {
                    x = xp;
                    root = rotateLeft(root, x);
                    xp = x.parent;
                    xpp = xp === null ? null : xp.parent;
                }
                if (xp !== null) {
                    xp.red = false;
                    if (xpp !== null) {
                        xpp.red = true;
                        root = rotateRight(root, xpp);
                    }
                }
            }
        } else {
            if (xppl !== null && xppl.red) {
                xppl.red = false;
                xp.red = false;
                xpp.red = true;
                x = xpp;
            } else {
                if (x === xp.left) {
                    x = xp;
                    root = rotateRight(root, x);
                    xp = x.parent;
                    xpp = xp === null ? null : xp.parent;
                }
                if (xp !== null) {
                    xp.red = false;
                    if (xpp !== null) {
                        xpp.red = true;
                        root = rotateLeft(root, xpp);
                    }
                }
            }
        }
    }
}
