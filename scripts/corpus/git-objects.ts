/** Reads objects out of a fetched snapshot (a bare git directory) by id: pinned ids give the same bytes everywhere. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export class GitObjects {
  constructor(readonly gitDir: string) {}

  /** `<mirrors>/<owner>+<name>/repo` as the fetch tool lays it out (a bare directory, or one holding `.git`). */
  static forRepo(mirrors: string, repo: string): GitObjects {
    const base = path.join(mirrors, repo.replace('/', '+'), 'repo');
    const gitDir = existsSync(path.join(base, '.git')) ? path.join(base, '.git') : base;
    if (!existsSync(path.join(gitDir, 'objects'))) throw new Error(`no snapshot of ${repo} at ${base}; fetch github:${repo} first`);
    return new GitObjects(gitDir);
  }

  /** The contents of each blob, in order; throws naming the first id the snapshot lacks. */
  blobs(ids: readonly string[]): Buffer[] {
    const out = spawnSync('git', ['--git-dir', this.gitDir, 'cat-file', '--batch'], { input: ids.join('\n') + '\n', maxBuffer: 1 << 30 });
    if (out.status !== 0) throw new Error(`git cat-file failed in ${this.gitDir}: ${out.stderr.toString()}`);
    const buf = out.stdout;
    const result: Buffer[] = [];
    let at = 0;
    for (const id of ids) {
      const headerEnd = buf.indexOf(10, at);
      const header = buf.subarray(at, headerEnd).toString();
      const [, type, size] = header.split(' ');
      if (type !== 'blob') throw new Error(`${this.gitDir}: object ${id} is ${header.endsWith('missing') ? 'missing (a different snapshot?)' : type}`);
      const start = headerEnd + 1;
      result.push(buf.subarray(start, start + Number(size)));
      at = start + Number(size) + 1;
    }
    return result;
  }

  blob(id: string): Buffer {
    return this.blobs([id])[0]!;
  }

  /** The blobs under a tree whose path passes `keep`, with their contents, sorted by path. */
  files(treeId: string, keep: (path: string) => boolean = () => true): { path: string; content: Buffer }[] {
    const entries = this.tree(treeId).filter((e) => keep(e.path));
    const contents = this.blobs(entries.map((e) => e.blob));
    return entries.map((e, i) => ({ path: e.path, content: contents[i]! }));
  }

  /** Every blob under a tree, recursively, sorted by path. */
  tree(id: string): { path: string; blob: string }[] {
    const text = execFileSync('git', ['--git-dir', this.gitDir, 'ls-tree', '-r', id], { maxBuffer: 1 << 28 }).toString();
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [meta, file] = line.split('\t') as [string, string];
        const [, type, blob] = meta.split(' ') as [string, string, string];
        return { type, path: file, blob };
      })
      .filter((e) => e.type === 'blob')
      .map(({ path: p, blob }) => ({ path: p, blob }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
