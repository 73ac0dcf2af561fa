export async function fitCommand(_f: string, _o: unknown): Promise<number> { return 2; }
