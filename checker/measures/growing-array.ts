// A typed array that grows by doubling: the recorded graph keeps numbers, not objects.

type TypedArray = Uint8Array | Uint32Array | Int32Array | Float64Array;
type TypedArrayOf<T extends TypedArray> = { new (length: number): T };

export class GrowingArray<T extends TypedArray> {
  private data: T;
  private size = 0;

  constructor(private readonly Kind: TypedArrayOf<T>) {
    this.data = new Kind(1024);
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) this.grow(this.size + 1);
    this.data[this.size++] = value;
  }

  /** Sets index `i`, growing (with zeros) to reach it. */
  set(i: number, value: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    this.data[i] = value;
    if (i >= this.size) this.size = i + 1;
  }

  /** The value at `i`; 0 past the end. */
  at(i: number): number {
    return i < this.size ? this.data[i]! : 0;
  }

  /** Forgets the values from `length` on (the four entry arrays are truncated together). */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
  }

  /** The values, as an array of their own. */
  copy(): T {
    return this.data.slice(0, this.size) as T;
  }

  private grow(atLeast: number): void {
    const grown = new this.Kind(Math.max(atLeast, this.data.length * 2));
    grown.set(this.data);
    this.data = grown;
  }
}
