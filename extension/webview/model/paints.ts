/**
 * Paint keys: what a span or tick stands for (`state:Stable`, `act:frozen`, `p:orders:3`), interned
 * to small integers so rows store a Uint16Array. The theme turns keys into colours (theme.ts);
 * the model never holds a colour, so a theme change only re-resolves the table.
 */
export class PaintTable {
    private readonly ids = new Map<string, number>();
    readonly keys: string[] = [];

    id(key: string): number {
        let id = this.ids.get(key);
        if (id === undefined) {
            id = this.keys.length;
            if (id > 0xffff) throw new Error('more than 65,536 distinct paints');
            this.keys.push(key);
            this.ids.set(key, id);
        }
        return id;
    }

    has(key: string): boolean {
        return this.ids.has(key);
    }
}

export const partitionPaint = (topic: string, partition: number): string => `p:${topic}:${partition}`;
