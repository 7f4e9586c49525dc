// Preloaded into a proxy by bench/profile.bench.ts: SIGUSR1 starts V8's sampling heap profiler
// counting every allocation (collected or not), SIGUSR2 writes the profile to MMROUTER_ALLOC_PROFILE.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
process.on('SIGUSR1', () => {
  session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
});
process.on('SIGUSR2', () => {
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (!err) writeFileSync(process.env.MMROUTER_ALLOC_PROFILE ?? 'alloc.heapprofile', JSON.stringify(result.profile));
    process.stdout.write('alloc profile written\n');
  });
});
