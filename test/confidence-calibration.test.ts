import { describe, expect, it } from 'vitest';
import { calibratedConfidence, fitConfidenceCalibration, type HeldOutPrediction } from '../src-main/core/classifier/embeddings/confidence-calibration';

/** `n` held-out predictions with the given axis probabilities and length, `rightShare` of them right. */
const held = (n: number, rightShare: number, complexityP: number, categoryP: number, chars: number): HeldOutPrediction[] =>
  Array.from({ length: n }, (_, i) => ({ complexityP, categoryP, chars, right: i < Math.round(n * rightShare) }));
const confidence = (cal: ReturnType<typeof fitConfidenceCalibration>, complexityP: number, categoryP: number, chars: number): number => calibratedConfidence(cal, { complexityP, categoryP, chars });

describe('confidence calibration', () => {
  it('states how often held-out predictions were right, not what the axes claimed', () => {
    // The axes claim 0.9 × 0.9 but were right 60% of the time held out.
    const cal = fitConfidenceCalibration([...held(200, 0.6, 0.9, 0.9, 40), ...held(200, 0.3, 0.55, 0.6, 40)]);
    expect(confidence(cal, 0.9, 0.9, 40)).toBeCloseTo(0.6, 2);
    expect(confidence(cal, 0.55, 0.6, 40)).toBeCloseTo(0.3, 2);
  });

  it('trusts a short lookup more than a long prompt the axes are as sure of, when held out it was right more often', () => {
    const cal = fitConfidenceCalibration([...held(300, 0.95, 0.8, 0.85, 30), ...held(300, 0.5, 0.8, 0.85, 1200)]);
    const short = confidence(cal, 0.8, 0.85, 30);
    const long = confidence(cal, 0.8, 0.85, 1200);
    expect(short).toBeGreaterThan(0.9);
    expect(long).toBeLessThan(0.55);
    // Ranks as the axes do: a surer axis never lowers the confidence when that is what held out showed.
    const graded = fitConfidenceCalibration([...held(300, 0.9, 0.9, 0.9, 50), ...held(300, 0.5, 0.5, 0.9, 50)]);
    expect(confidence(graded, 0.9, 0.9, 50)).toBeGreaterThan(confidence(graded, 0.6, 0.9, 50));
  });
});
