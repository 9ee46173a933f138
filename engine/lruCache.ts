/**
 * A small least-recently-used cache. What the engine keeps in it is always a pure function of its
 * key (a model of a history, a forest of its outcomes, an agent's fit of their record), so a miss,
 * an eviction or another worker with other entries only costs time, never changes a result.
 */
export class LruCache<T> {
	private readonly entries = new Map<string, T>();

	constructor(private readonly capacity = 8) {}

	get(key: string): T | undefined {
		const found = this.entries.get(key);
		if (found !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, found);
		}
		return found;
	}

	set(key: string, value: T): void {
		this.entries.delete(key);
		this.entries.set(key, value);
		while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
	}

	clear(): void {
		this.entries.clear();
	}

	get size(): number {
		return this.entries.size;
	}
}
