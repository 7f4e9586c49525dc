import { describe, expect, it } from 'vitest';
import {
  countCalculations,
  labelActAs,
  labelCodeInstruction,
  labelDocstringCompletion,
  labelFermi,
  labelGsm8k,
  labelMath,
  labelPubMedQa,
  pubMedQaPrompt,
  labelRoleplay,
  labelWebQuestions,
  significantLines,
} from '../scripts/corpus/labeling';
import { documentedFunctions } from '../scripts/corpus/sources';

// Sample metadata rows written for these tests, in each source's own format (not copied from the datasets).
const cell = (l: { complexity: string; category: string } | null) => (l ? `${l.complexity}/${l.category}` : null);

describe('corpus labeling rules', () => {
  it('GSM8K: counts annotated calculations; one is simple, three or more medium, two or none left out', () => {
    const oneStep = 'She gives away 3 of her 11 pens.\nShe has 11-3=<<11-3=8>>8 pens left.\n#### 8';
    const fourSteps = 'Tickets cost 4*6=<<4*6=24>>24.\nSnacks 3*2=<<3*2=6>>6.\nTotal 24+6=<<24+6=30>>30.\nChange 50-30=<<50-30=20>>20.\n#### 20';
    expect(countCalculations(fourSteps)).toBe(4);
    expect(cell(labelGsm8k(oneStep))).toBe('simple/reasoning');
    expect(cell(labelGsm8k(fourSteps))).toBe('medium/reasoning');
    expect(labelGsm8k(fourSteps)?.rule).toContain('4+');
    expect(labelGsm8k('The answer is 8.\n#### 8')).toBeNull();
    expect(labelGsm8k('4*6=<<4*6=24>>24 and 24+6=<<24+6=30>>30\n#### 30')).toBeNull();
  });

  it('MATH: levels 1-2 are medium, 3-5 complex, anything else is left out', () => {
    expect(cell(labelMath('Level 1'))).toBe('medium/reasoning');
    expect(cell(labelMath('Level 2'))).toBe('medium/reasoning');
    expect(cell(labelMath('Level 3'))).toBe('complex/reasoning');
    expect(cell(labelMath('Level 5'))).toBe('complex/reasoning');
    expect(labelMath('Level ?')).toBeNull();
    expect(labelMath('Level 7')).toBeNull();
  });

  it('Fermi problems are medium reasoning', () => {
    expect(cell(labelFermi())).toBe('medium/reasoning');
  });

  it('WebQuestions: a one-to-three entity answer is a simple fact; long answer lists are left out', () => {
    expect(cell(labelWebQuestions(['Lima']))).toBe('simple/factual');
    expect(cell(labelWebQuestions(['Spanish', 'Quechua', 'Aymara']))).toBe('simple/factual');
    expect(labelWebQuestions(['a', 'b', 'c', 'd'])).toBeNull();
    expect(labelWebQuestions([])).toBeNull();
  });

  it('code instructions are sized by the reference program (a class is medium); answers without code are left out', () => {
    const short = 'def add(a, b):\n    return a + b';
    // Braces, includes and comments carry no logic: a C++ palindrome check is as small as a Python one.
    const verbose = ['#include <string>', 'using namespace std;', '// check', 'bool pal(string s) {', '  int n = s.size();', '  for (int i = 0; i < n / 2; i++) {', '    if (s[i] != s[n - 1 - i]) {', '      return false;', '    }', '  }', '  return true;', '}'].join('\n');
    const aClass = 'class Stack:\n    def push(self, x):\n        self.items.append(x)';
    const mid = Array.from({ length: 30 }, (_, i) => `x${i} = f(${i})`).join('\n');
    const long = Array.from({ length: 70 }, (_, i) => `x${i} = f(${i})`).join('\n');
    expect(cell(labelCodeInstruction(aClass))).toBe('medium/code');
    const wrapped = 'public class Program {\n  static int Twice(int x) {\n    return 2 * x;\n  }\n  static void Main() {\n    Console.WriteLine(Twice(4));\n  }\n}';
    expect(cell(labelCodeInstruction(wrapped))).toBe('simple/code');
    expect(significantLines(verbose)).toBe(6);
    expect(cell(labelCodeInstruction(verbose))).toBe('simple/code');
    expect(cell(labelCodeInstruction(short))).toBe('simple/code');
    expect(cell(labelCodeInstruction(mid))).toBe('medium/code');
    expect(cell(labelCodeInstruction(long))).toBe('complex/code');
    expect(labelCodeInstruction('A mutex lets one thread at a time hold a lock')).toBeNull();
    // GPTeacher Codegen answers: PHP with its tags, a shell one-liner after a shebang.
    const php = '<?php\nfunction isEven($n) {\n    return $n % 2 === 0;\n}\necho isEven(4) ? "yes" : "no";\n?>';
    expect(cell(labelCodeInstruction(php))).toBe('simple/code');
    expect(cell(labelCodeInstruction('#!/bin/bash\n\ndf -h | awk \'{print $1, $5}\'') )).toBe('simple/code');
  });

  it('PubMedQA: a study with its conclusion withheld is an expert question on a described case; test-split ids are left out', () => {
    const testIds = new Set(['111']);
    expect(cell(labelPubMedQa('222', testIds))).toBe('complex/factual');
    expect(labelPubMedQa('111', testIds)).toBeNull();
    const prompt = pubMedQaPrompt('Does daily walking lower resting heart rate in adults over 60?', ['Forty adults walked 30 minutes a day for 12 weeks.', 'Resting heart rate fell by 4 beats per minute.'], ['METHODS', 'RESULTS']);
    expect(prompt).toBe('METHODS: Forty adults walked 30 minutes a day for 12 weeks.\n\nRESULTS: Resting heart rate fell by 4 beats per minute.\n\nDoes daily walking lower resting heart rate in adults over 60?');
  });

  it('docstring completion: short bodies are simple, longer medium, very long left out', () => {
    expect(cell(labelDocstringCompletion(6))).toBe('simple/code');
    expect(cell(labelDocstringCompletion(30))).toBe('medium/code');
    expect(labelDocstringCompletion(0)).toBeNull();
    expect(labelDocstringCompletion(120)).toBeNull();
  });

  it('finds documented functions with doctests and measures their bodies', () => {
    const source = [
      'import math',
      '',
      'def area(r: float) -> float:',
      '    """',
      '    Area of a circle.',
      '    >>> round(area(1), 2)',
      '    3.14',
      '    """',
      '    # pi r squared',
      '    return math.pi * r * r',
      '',
      'def undocumented(x):',
      '    return x',
      '',
      'def no_doctest(x):',
      '    """Just a docstring."""',
      '    return x',
    ].join('\n');
    const found = documentedFunctions(source);
    expect(found.map((f) => f.name)).toEqual(['area']);
    expect(found[0]?.bodyLines).toBe(1);
    expect(found[0]?.prompt).toBe('def area(r: float) -> float:\n    """\n    Area of a circle.\n    >>> round(area(1), 2)\n    3.14\n    """\n');
  });

  it('role-play is medium creative', () => {
    expect(cell(labelRoleplay())).toBe('medium/creative');
  });

  it('"act as" prompts: personas are creative role-play, programming tools are code, others are left out', () => {
    expect(cell(labelActAs('Travel Guide', 'I want you to act as a travel guide for a trip to Lisbon.'))).toBe('medium/creative');
    expect(cell(labelActAs('SQL terminal', 'I want you to act as a SQL terminal in front of an example database.'))).toBe('medium/code');
    expect(labelActAs('Essay Outline', 'Write an outline for an essay about tides.')).toBeNull();
  });
});
