import { describe, expect, it } from 'vitest';
import {
  countCalculations,
  labelActAs,
  labelAppIdea,
  labelCodeInstruction,
  labelDesignQuestion,
  labelDocstringCompletion,
  labelExpertQa,
  labelFermi,
  labelFolio,
  folOperators,
  labelGsm8k,
  labelLeetCode,
  labelMath,
  labelMbpp,
  labelMedQuad,
  labelPubMedQa,
  pubMedQaPrompt,
  labelRoleplay,
  labelWebQuestions,
  sentenceCount,
  significantLines,
} from '../scripts/corpus/labeling';
import { appIdea, designQuestions, designSpec, htmlToText, leetCodeProblem, medQuadPairs } from '../scripts/corpus/markup';
import { documentedFunctions, folioPrompt, mbppPrompt } from '../scripts/corpus/sources';

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

  it('MBPP: only the train split (tasks 601-974) is read, sized by its reference program', () => {
    const short = 'def double(x):\n    return 2 * x';
    const none = new Set<string>();
    expect(cell(labelMbpp(601, 'Write a function to double a number.', short, none))).toBe('simple/code');
    expect(cell(labelMbpp(974, 'Write a function to double a number.', short, none))).toBe('simple/code');
    for (const heldOut of [1, 10, 11, 510, 511, 600, 975]) expect(labelMbpp(heldOut, 'Write a function to double a number.', short, none)).toBeNull();
    const long = ['def walk(grid):', ...Array.from({ length: 24 }, (_, i) => `    step_${i} = grid[${i}]`), '    return grid'].join('\n');
    expect(cell(labelMbpp(700, 'Write a function to walk a grid.', long, none))).toBe('medium/code');
  });

  it('MBPP: a train task whose description is also a test task\'s is left out', () => {
    const testTexts = new Set(['Write a function to find the first repeated character in a given string.']);
    expect(labelMbpp(602, 'Write a function to find the first repeated character in a given string. ', 'def f(s):\n    return s', testTexts)).toBeNull();
    expect(cell(labelMbpp(603, 'Write a function to reverse a string.', 'def f(s):\n    return s[::-1]', testTexts))).toBe('simple/code');
  });

  it('MBPP prompts take three forms by task id: the task, the task with its tests, the paper\'s expert prompt', () => {
    const tests = ['assert double(2) == 4', 'assert double(0) == 0'];
    expect(mbppPrompt(603, 'Write a function to double a number.', tests)).toBe('Write a function to double a number.');
    expect(mbppPrompt(604, 'Write a function to double a number.', tests)).toBe('Write a function to double a number.\nYour code should pass these tests:\n\nassert double(2) == 4\nassert double(0) == 0');
    expect(mbppPrompt(605, 'Write a function to double a number.', tests)).toBe(
      'You are an expert Python programmer, and here is your task: Write a function to double a number. Your code should pass these tests:\n\nassert double(2) == 4\nassert double(0) == 0',
    );
  });

  it('FOLIO: reasoning, sized by its premises and the operators of their first-order annotation', () => {
    const syllogism = ['∀x (Owl(x) → Bird(x))', 'Owl(hoot)'];
    expect(folOperators(syllogism)).toBe(2);
    expect(cell(labelFolio(syllogism))).toBe('simple/reasoning');
    expect(cell(labelFolio(['∀x (Owl(x) → (Bird(x) ∧ ¬Swims(x)))', 'Owl(hoot) ∨ Owl(tawny)']))).toBe('medium/reasoning');
    const chain = ['∀x (A(x) → B(x))', '∀x (B(x) ⊕ C(x))', '∀x (C(x) → ¬D(x))', 'A(k) ∨ D(k)', '¬(B(k) ∧ C(k)) → D(k)', '∃x (D(x) ∧ A(x))'];
    expect(folOperators(chain)).toBe(13);
    expect(cell(labelFolio(chain))).toBe('complex/reasoning');
    // Six plain facts are a long list, not a long chain.
    expect(cell(labelFolio(['A(k)', 'B(k)', 'C(k)', 'D(k)', 'E(k)', '∀x (A(x) → F(x))']))).toBe('medium/reasoning');
    expect(labelFolio([])).toBeNull();
  });

  it('FOLIO prompts take three phrasings by example id, premises then the conclusion asked about', () => {
    const premises = ['All owls are birds. ', 'Hoot is an owl.'];
    expect(folioPrompt(3, premises, 'Hoot is a bird.')).toBe('All owls are birds. Hoot is an owl.\n\nBased on these premises, is the following conclusion true, false, or unknown?\nHoot is a bird.');
    expect(folioPrompt(4, premises, 'Hoot is a bird.')).toBe('Premises:\n- All owls are birds.\n- Hoot is an owl.\n\nConclusion: Hoot is a bird.\n\nIs the conclusion true, false, or uncertain given the premises?');
    expect(folioPrompt(5, premises, 'Hoot is a bird.')).toBe('All owls are birds.\nHoot is an owl.\n\nDoes this follow from the statements above? "Hoot is a bird." Answer true, false, or unknown.');
  });

  it('role-play is medium creative', () => {
    expect(cell(labelRoleplay())).toBe('medium/creative');
  });

  it('"act as" prompts: personas are creative role-play, programming tools are code, others are left out', () => {
    expect(cell(labelActAs('Travel Guide', 'I want you to act as a travel guide for a trip to Lisbon.'))).toBe('medium/creative');
    expect(cell(labelActAs('SQL terminal', 'I want you to act as a SQL terminal in front of an example database.'))).toBe('medium/code');
    expect(labelActAs('Essay Outline', 'Write an outline for an essay about tides.')).toBeNull();
  });
  it('LeetCode: Easy is simple, Medium medium, Hard complex code; a missing difficulty is left out', () => {
    expect(cell(labelLeetCode('Easy'))).toBe('simple/code');
    expect(cell(labelLeetCode('Medium'))).toBe('medium/code');
    expect(cell(labelLeetCode('Hard'))).toBe('complex/code');
    expect(labelLeetCode('Unknown')).toBeNull();
  });

  it('reads a LeetCode README: difficulty from the front matter, the statement as plain text, nothing of the label in the prompt', () => {
    const readme = [
      '---',
      'difficulty: Medium',
      'tags:',
      '    - Array',
      '---',
      '',
      '# [9001. Count Quiet Days](https://example.com)',
      '',
      '## Description',
      '',
      '<!-- description:start -->',
      '',
      '<p>Given an array <code>noise</code>, return the number of days quieter than both neighbours.</p>',
      '',
      '<p><strong class="example">Example 1:</strong></p>',
      '<pre>',
      '<strong>Input:</strong> noise = [3,1,4]',
      '<strong>Output:</strong> 1',
      '</pre>',
      '<ul>',
      '\t<li><code>1 &lt;= noise.length &lt;= 10<sup>5</sup></code></li>',
      '\t<li>noise[i] is &quot;quiet&quot; if it is &le; 10</li>',
      '</ul>',
      '',
      '<!-- description:end -->',
      '',
      '## Solutions',
    ].join('\n');
    const problem = leetCodeProblem(readme);
    expect(problem?.difficulty).toBe('Medium');
    expect(problem?.statement).toBe('Given an array noise, return the number of days quieter than both neighbours.\n\nExample 1:\n\nInput: noise = [3,1,4]\nOutput: 1\n\n- 1 <= noise.length <= 10^5\n- noise[i] is "quiet" if it is ≤ 10');
    expect(problem?.statement).not.toMatch(/Medium|Solutions/);
    expect(leetCodeProblem('# no front matter')).toBeNull();
    expect(htmlToText('a&nbsp;&amp;&#39;b&#x41;')).toBe("a &'bA");
  });

  it('app ideas: Beginner and Intermediate apps are medium, Advanced complex code; the tier line is taken out of the prompt', () => {
    expect(cell(labelAppIdea('1-Beginner'))).toBe('medium/code');
    expect(cell(labelAppIdea('2-Intermediate'))).toBe('medium/code');
    expect(cell(labelAppIdea('3-Advanced'))).toBe('complex/code');
    expect(labelAppIdea('4-Expert')).toBeNull();
    const spec = ['# Plant Diary', '', '**Tier:** 2-Intermediate', '', 'Keep a log of watering.', '', '## User Stories', '', '-   [ ] User can add a plant', '', '## Useful links and resources', '', '[Docs](https://example.com)'].join('\n');
    expect(appIdea(spec)).toEqual({ tier: '2-Intermediate', spec: '# Plant Diary\n\nKeep a log of watering.\n\n## User Stories\n\n-   [ ] User can add a plant' });
    expect(appIdea('# Untiered idea')).toBeNull();
  });

  it('MedQuAD: an explaining question with a paragraph-length answer is medium factual; definitions, how-tos, short answers and missing answers are left out', () => {
    expect(cell(labelMedQuad('symptoms', 120))).toBe('medium/factual');
    expect(cell(labelMedQuad('treatment', 60))).toBe('medium/factual');
    expect(labelMedQuad('symptoms', 40)).toBeNull();
    expect(labelMedQuad('causes', 900)).toBeNull();
    expect(labelMedQuad('information', 200)).toBeNull();
    expect(labelMedQuad('prevention', 200)).toBeNull();
    expect(labelMedQuad('brand names', 80)).toBeNull();
    const xml = [
      '<Document id="0000042" source="Sample">',
      '<QAPairs>',
      '<QAPair pid="1">',
      '  <Question qid="0000042-1" qtype="symptoms">What are the symptoms of Grey Fever ?</Question>',
      '  <Answer>Patients report a grey tint to vision, tiredness and a &quot;dull&quot; headache.</Answer>',
      '</QAPair>',
      '<QAPair pid="2">',
      '  <Question qid="0000042-2" qtype="treatment">What are the treatments for Grey Fever ?</Question>',
      '  <Answer></Answer>',
      '</QAPair>',
      '</QAPairs>',
      '</Document>',
    ].join('\n');
    expect(medQuadPairs(xml)).toEqual([
      { qid: '0000042-1', qtype: 'symptoms', question: 'What are the symptoms of Grey Fever ?', answerWords: 12 },
      { qid: '0000042-2', qtype: 'treatment', question: 'What are the treatments for Grey Fever ?', answerWords: 0 },
    ]);
  });

  it('ExpertQA: a scenario described before the question is complex factual, a topic summary medium factual; one-sentence scenarios, other types and mathematics are left out', () => {
    const scenario = 'Question that describes a hypothetical scenario and asks a question based on this scenario';
    const summary = 'Summarization of information on a topic';
    const leak = 'A tenant reports damp on the bedroom wall two weeks after moving in. The landlord says it is condensation. Who must pay for the repair?';
    expect(sentenceCount(leak)).toBe(3);
    expect(cell(labelExpertQa(scenario, 'Law', leak))).toBe('complex/factual');
    expect(cell(labelExpertQa(`Open-ended question that is potentially ambiguous| ${scenario}`, 'Engineering and Technology', leak))).toBe('complex/factual');
    expect(labelExpertQa(scenario, 'Law', 'If a tenant finds damp, who pays for the repair?')).toBeNull();
    expect(labelExpertQa(scenario, 'Mathematics', leak)).toBeNull();
    expect(cell(labelExpertQa(summary, 'History', 'How were canal locks operated in the eighteenth century?'))).toBe('medium/factual');
    expect(labelExpertQa(`${summary}| Request for a list of resources where one can find more information`, 'History', 'Where can I read about canal locks?')).toBeNull();
    expect(labelExpertQa('Directed question that has a single unambiguous answer', 'Chemistry', 'What is the boiling point of ethanol?')).toBeNull();
  });

  it('system design questions: a system design is complex code, an object-oriented design medium code; questions read from the sections that list them', () => {
    expect(cell(labelDesignQuestion('system design'))).toBe('complex/code');
    expect(cell(labelDesignQuestion('object-oriented design'))).toBe('medium/code');
    expect(labelDesignQuestion('topics')).toBeNull();
    const readme = [
      '## System design interview questions with solutions',
      '',
      '| Question | |',
      '|---|---|',
      '| Design a ticket queue | [Solution](solutions/system_design/tickets/README.md) |',
      '| Add a system design question | [Contribute](#contributing) |',
      '',
      '## Object-oriented design interview questions with solutions',
      '',
      '| Question | |',
      '|---|---|',
      '| Design a vending machine | [Solution](solutions/object_oriented_design/vending/vending.ipynb) |',
      '',
      '## Load balancer',
      '',
      '| Method | Use |',
      '|---|---|',
      '| Round robin | spreads requests |',
      '',
      '### Additional system design interview questions',
      '',
      '| Question | Reference(s) |',
      '|---|---|',
      '| Design a photo backup service | [example.com](https://example.com) |',
    ].join('\n');
    expect(designQuestions(readme)).toEqual([
      { section: 'system design', question: 'Design a ticket queue', solution: 'solutions/system_design/tickets/README.md' },
      { section: 'object-oriented design', question: 'Design a vending machine', solution: null },
      { section: 'system design', question: 'Design a photo backup service', solution: null },
    ]);
    const solution = [
      '# Design a ticket queue',
      '',
      '## Step 1: Outline use cases and constraints',
      '',
      '> Gather requirements.',
      '',
      'Without an interviewer to address clarifying questions, we will define some.',
      '',
      '### Use cases',
      '',
      '* **User** files a ticket',
      '',
      '### Constraints and assumptions',
      '',
      '* 2 million tickets a day',
      '',
      '#### Calculate usage',
      '',
      '* 2 KB per ticket',
    ].join('\n');
    expect(designSpec(solution)).toBe('### Use cases\n\n* **User** files a ticket\n\n### Constraints and assumptions\n\n* 2 million tickets a day');
    expect(designSpec('# No steps here')).toBeNull();
  });
});
