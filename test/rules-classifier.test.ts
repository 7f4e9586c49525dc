import { describe, expect, it } from 'vitest';
import { RulesClassifier } from '../src-main/core/classifier/rules';
import { loadLabeledPrompts } from '../src-main/core/eval/dataset';
import { evaluateClassifier } from '../src-main/core/eval/evaluate';

const rules = new RulesClassifier();

describe('RulesClassifier', () => {
  it('recognises code from its shape even without naming a language', () => {
    const c = rules.classifySync('why does this loop never end\n\n```\nwhile (i < 10) {\n  total += i;\n}\n```');
    expect(c.category).toBe('code');
  });

  it('sizes a question about pasted material by the question, not by the paste', () => {
    const passage = 'The committee met on Tuesday, reviewed the budget, approved two hires, postponed the office move, and agreed to meet again next month. '.repeat(4);
    expect(rules.classifySync(`Given the following passage, who approved the hires? Passage: ${passage}`).complexity).not.toBe('complex');
  });

  it('treats several quantities with a question as something to work out', () => {
    expect(rules.classifySync('A farmer has 17 sheep and buys 9 more, then sells 5. How many does he have?').category).toBe('reasoning');
  });

  it('counts quantities written as words: one operation is simple, several make a multi-step problem', () => {
    expect(rules.classifySync('Sam has twelve marbles and gives five to Lee. How many marbles does Sam have now?')).toMatchObject({ complexity: 'simple', category: 'reasoning' });
    const steps = 'Nadia buys three notebooks at twice the price of a pen, and a pen costs four dollars. She pays with a fifty-dollar bill and then spends half of her change on lunch. How much money is left?';
    expect(rules.classifySync(steps)).toMatchObject({ complexity: 'medium', category: 'reasoning' });
  });

  it('does not count ordinals ("3rd", "10th-grade") as givens of a word problem', () => {
    const stickers = 'On the 1st of May, Tia had 12 stickers. On the 3rd she gave 5 of them to her brother for his 8th birthday. How many stickers does she have left?';
    expect(rules.classifySync(stickers)).toMatchObject({ complexity: 'simple', category: 'reasoning' });
  });

  it('takes a long decision in many parts (options weighed, an analysis, a plan) as complex, not as a word problem', () => {
    const decision =
      'Our support team answers 300 tickets a day with 6 agents. Analyze whether we should hire two more agents or buy a chatbot: compare costs over three years, weigh the risks to customer satisfaction, explain the assumptions, and recommend a plan with milestones.';
    expect(rules.classifySync(decision)).toMatchObject({ complexity: 'complex', category: 'reasoning' });
  });

  it('counts tests asked for beside the code as a second deliverable', () => {
    expect(rules.classifySync('Write a Python function that merges two sorted lists.').complexity).toBe('simple');
    expect(rules.classifySync('Write a Python function that merges two sorted lists, and pytest tests for it covering empty and unequal lists.')).toMatchObject({ complexity: 'medium', category: 'code' });
    const system = 'Write a job scheduler in Go: a worker pool with retries and backoff, cancellation through contexts, persistence of queued jobs in SQLite, and integration tests that kill workers mid-job.';
    expect(rules.classifySync(system)).toMatchObject({ complexity: 'complex', category: 'code' });
    // "a user" in the prose of a question is not a requirement.
    expect(rules.classifySync('Explain how a user signs in with OAuth and what a user token contains').category).toBe('factual');
  });

  it('takes "how do I..." as a how-to question, not a request for an explanation', () => {
    expect(rules.classifySync('How do I sort a dictionary by value in Python?')).toMatchObject({ complexity: 'simple', category: 'code' });
    expect(rules.classifySync('how do i delete a remote branch in git')).toMatchObject({ complexity: 'simple', category: 'code' });
    expect(rules.classifySync('How does garbage collection work in Java?')).toMatchObject({ complexity: 'medium', category: 'factual' });
  });

  it('takes a program asked for by its language as code, whatever it computes', () => {
    expect(rules.classifySync('Write a C++ function that calculates the area of a circle from its radius.')).toMatchObject({ complexity: 'simple', category: 'code' });
    expect(rules.classifySync('Develop a Java method that calculates the average of an array of integers.').category).toBe('code');
  });

  it('sizes a code request by the request, not by the sample input pasted after it', () => {
    const fruits = Array.from({ length: 40 }, (_, i) => `'fruit${i}'`).join(', ');
    const request = `Write a Python function that upper-cases every word in a list.\n\n[${fruits}]`;
    expect(rules.classifySync(request)).toMatchObject({ complexity: 'simple', category: 'code' });
    expect(rules.classifySync(request.replaceAll('\n', '\r\n'))).toEqual(rules.classifySync(request));
  });

  it('calls a class some design (medium), a single function simple', () => {
    expect(rules.classifySync('Implement a Java class for a bank account with deposit, withdraw and balance methods.')).toMatchObject({ complexity: 'medium', category: 'code' });
    expect(rules.classifySync('Write a Java function that reverses a string.')).toMatchObject({ complexity: 'simple', category: 'code' });
  });

  it('reads a length of a few lines or sentences as a short piece, many forms and counts as a hard brief', () => {
    expect(rules.classifySync('Write a two-sentence horror story.')).toMatchObject({ complexity: 'simple', category: 'creative' });
    expect(rules.classifySync('Write a four-line poem about the sea.')).toMatchObject({ complexity: 'simple', category: 'creative' });
    // "Short" does not make a story or a letter a short piece: those are of ordinary length.
    expect(rules.classifySync('Write a short story about a beekeeper who loses her hive.')).toMatchObject({ complexity: 'medium', category: 'creative' });
    expect(rules.classifySync('Write a short slogan for a bakery.')).toMatchObject({ complexity: 'simple', category: 'creative' });
    const brief = 'Write a screenplay for a 12-minute short film in five scenes, then three poems in the voice of its heroine and a one-page synopsis, with a twist ending and no dialogue in the first scene.';
    expect(rules.classifySync(brief)).toMatchObject({ complexity: 'complex', category: 'creative' });
  });

  // Its figures (counts, rates, fractions, ratios) describe the case; none is there to compute with.
  it.each([
    [
      'a described study followed by a question',
      'BACKGROUND: Falls are a leading cause of injury in older adults. We studied whether a home exercise programme reduces falls.',
      'METHODS: A randomized trial enrolled 412 participants aged 70 or over, followed for 12 months; the outcome was the number of falls.',
      'RESULTS: The incidence of falls was 0.81 per person-year in the exercise group and 1.12 in the control group.',
      'Does a home exercise programme reduce falls in older adults?',
    ],
    [
      'a trial whose results are fractions and ratios',
      'OBJECTIVE: To test whether a lower dose of the vaccine protects as well.',
      'METHODS: In a randomized trial, 200 patients were assigned 1:1 and followed for 28 days.',
      'RESULTS: The mean antibody ratio was 3.1 against 3.4, the median titre 120 against 135, and the percentage infected 12/100 versus 14/100.',
      'Does the lower dose protect as well?',
    ],
  ])('takes %s as an expert reading of a described case (complex factual), not arithmetic', (_, ...paragraphs) => {
    expect(rules.classifySync(paragraphs.join('\n\n'))).toMatchObject({ complexity: 'complex', category: 'factual' });
  });

  it('reads the numbers of a piece of writing asked for as lengths and counts, not givens to compute with', () => {
    const play = 'Write a one-act play for three actors, about 15 minutes of stage time, set on a stalled ferry at 2 am. Each character hides something, and the last 5 lines must echo the first 5.';
    expect(rules.classifySync(play).category).toBe('creative');
    // A quantity asked for makes it a problem again, however it opens.
    expect(rules.classifySync('Write down how many eggs are left if a baker has 48 eggs and uses 3 for each of 9 cakes.').category).toBe('reasoning');
  });

  it('sizes a creative brief by its requirements: a long brief is complex, a one-line request with no form of ordinary length is a short piece', () => {
    const brief =
      'Write a bedtime story for a six-year-old about a lighthouse that is afraid of the dark, with a gentle refrain the child can join in on, a quiet ending that helps them fall asleep, and no villains at all.';
    expect(rules.classifySync(brief)).toMatchObject({ complexity: 'complex', category: 'creative' });
    expect(rules.classifySync('Write a birthday card message for my coworker Dana.')).toMatchObject({ complexity: 'simple', category: 'creative' });
    expect(rules.classifySync('Write a bedtime story about a lighthouse that is afraid of the dark.')).toMatchObject({ complexity: 'medium', category: 'creative' });
  });

  it('takes rewriting in a new voice as creative, summarising or translating a text as factual (tie-break 5)', () => {
    expect(rules.classifySync("Rephrase this so it sounds warmer: 'Your parcel could not be delivered.'").category).toBe('creative');
    expect(rules.classifySync('Summarize the plot of Macbeth in one paragraph.').category).toBe('factual');
    expect(rules.classifySync("Translate into German: 'The library closes early on Fridays during the summer, so please return your books by Thursday.'").category).toBe('factual');
    expect(rules.classifySync('Translate this Python function to JavaScript:\n\n```python\ndef add(a, b):\n    return a + b\n```').category).toBe('code');
  });

  it('takes a programming problem stated with its input and output as code, sized by the size of its inputs', () => {
    // Written for this test in the style of judge problems: a statement, worked examples, bounds.
    const small = [
      'Given a list of words, return the word that appears most often. If two words tie, return the one that comes first alphabetically.',
      '',
      'Example 1:',
      'Input: words = ["pear","fig","pear","kiwi"]',
      'Output: "pear"',
      '',
      'Constraints:',
      '- 1 <= words.length <= 100',
      '- each word has 1 to 10 lowercase letters',
    ].join('\n');
    expect(rules.classifySync(small)).toMatchObject({ complexity: 'simple', category: 'code' });
    const large = [
      'You are given an array heights of n towers. In one move you may lower any tower by 1. Return the fewest moves after which no two neighbouring towers differ by more than k.',
      '',
      'Example 1:',
      'Input: heights = [5,1,4], k = 2',
      'Output: 3',
      '',
      'Constraints:',
      '- 1 <= n <= 2 * 10^5',
      '- 0 <= heights[i], k <= 10^9',
    ].join('\n');
    expect(rules.classifySync(large)).toMatchObject({ complexity: 'medium', category: 'code' });
    const contest = '-----Input-----\nThe first line holds two integers n and q (1 <= n, q <= 300000), the next line n integers.\n\n-----Output-----\nFor each of the q queries print the answer on its own line.';
    expect(rules.classifySync(contest).category).toBe('code');
    // Input/output pairs in plain words are examples of a text task, not a program's specification.
    const fewShot = 'Label each review as positive or negative.\n\nInput: The soup was cold and the waiter ignored us.\nOutput: negative\n\nInput: Best pancakes in town!\nOutput:';
    expect(rules.classifySync(fewShot).category).not.toBe('code');
  });

  it("sizes a programming problem by what its solution must get right: an answer modulo a prime, queries over updates, an optimum and many constraints make it a judge's Hard", () => {
    // Written for this test. Neither statement is long, and the old rules read both as medium by their input sizes alone.
    const counting = [
      'A garden has n beds in a row, bed i holding flowers[i] blooms. A gardener may water any contiguous run of beds; watering a run doubles the blooms of each bed in it. Count the ways to choose at most k runs, pairwise disjoint, so that the total number of blooms is divisible by m. Since the answer may be large, return it modulo 10^9 + 7.',
      '',
      'Example 1:',
      'Input: flowers = [1,2,3], k = 1, m = 3',
      'Output: 4',
      '',
      'Constraints:',
      '- 1 <= n <= 10^5',
      '- 1 <= flowers[i] <= 10^9',
      '- 1 <= k <= 50',
      '- 1 <= m <= 100',
    ].join('\n');
    expect(rules.classifySync(counting)).toMatchObject({ complexity: 'complex', category: 'code' });
    const queries = [
      'You are given an array values of length n and a list of queries. Each query is either [1, i, x], set values[i] to x, or [2, l, r], report the largest sum of a contiguous part of values[l..r]. Return the answers to the queries of the second kind, in order.',
      '',
      'Example 1:',
      'Input: values = [2,-1,3], queries = [[2,0,2],[1,1,5],[2,0,1]]',
      'Output: [4,7]',
      '',
      'Constraints:',
      '- 1 <= n, queries.length <= 10^5',
      '- -10^4 <= values[i], x <= 10^4',
      '- 0 <= l <= r < n',
    ].join('\n');
    expect(rules.classifySync(queries)).toMatchObject({ complexity: 'complex', category: 'code' });
  });

  it('takes a programming tool set up as a persona ("act as a Ruby REPL") as one reply in character each turn (medium code), not a system to build', () => {
    const repl =
      'I want you to act as a Ruby REPL. I will type expressions and you will reply with what the REPL prints, inside one code block and nothing else. Do not write explanations. Do not type commands unless I tell you to. When I need to tell you something in English I will put it in curly brackets {like this}. My first expression is puts [3, 1, 2].sort.inspect';
    expect(rules.classifySync(repl)).toMatchObject({ complexity: 'medium', category: 'code' });
  });

  it('takes an amount in a unit of measure, asked with nothing given, as a Fermi estimate; one unit in another is a conversion, what one named thing holds a lookup', () => {
    for (const fermi of ['How many cubic metres of concrete went into the pyramids of Giza?', "How much energy do the escalators of a big city's metro use in a year?"]) {
      expect(rules.classifySync(fermi), fermi).toMatchObject({ complexity: 'medium', category: 'reasoning' });
    }
    for (const lookup of ['How many feet are in a mile?', 'how many ounces in one pound', 'How many moons does Jupiter have?', 'How many calories are in a banana?', 'How many grams of protein are in an egg?']) {
      expect(rules.classifySync(lookup), lookup).toMatchObject({ complexity: 'simple', category: 'factual' });
    }
    // What would fit in one thing is still an estimate.
    expect(rules.classifySync('How many tennis balls would fit in a school bus?')).toMatchObject({ complexity: 'medium', category: 'reasoning' });
  });

  it('counts quantities written as words as givens: a word problem with its numbers in words is not an estimate from nothing', () => {
    for (const story of ['Ana has two cats. If each cat eats three cans of food, how many cans would she need?', 'A shelf holds twelve books. If Sam takes away five, how many would be left?']) {
      expect(rules.classifySync(story), story).toMatchObject({ complexity: 'simple', category: 'reasoning' });
    }
  });

  it('takes one given and a quantity asked of it as one operation (simple reasoning): a known constant or a rate over a span, not an estimate from nothing', () => {
    for (const one of [
      'Maya has 8 pencils and loses one. How many pencils does she have left?',
      'How many wheels do 6 bicycles have altogether?',
      'How many seconds are in 4 minutes?',
      'If a candle burns 2 cm every hour, how much does it burn in a day?',
      'Rent is $900 a month. How much is that over a year?',
    ]) {
      expect(rules.classifySync(one), one).toMatchObject({ complexity: 'simple', category: 'reasoning' });
    }
    // A date is not a given: a count asked about a year is still a lookup.
    expect(rules.classifySync('How many people lived in Rome in 1500?')).toMatchObject({ complexity: 'simple', category: 'factual' });
  });

  it('takes a quantity over a span asked with nothing given ("each month") as a Fermi estimate', () => {
    for (const fermi of ['How much coffee does your office drink each month?', 'How far does a delivery van drive each year?']) {
      expect(rules.classifySync(fermi), fermi).toMatchObject({ complexity: 'medium', category: 'reasoning' });
    }
  });

  it('counts a fraction ("2/5", "¾") or a time of day ("6:45") as one quantity of a word problem', () => {
    for (const one of [
      'Of the 60 guests, 2/5 ordered fish and 1/3 ordered chicken. How many guests ordered fish?',
      'There are 32 chairs in the hall and ¾ of them are taken. How many chairs are taken?',
      'The film starts at 6:45 and runs 2 hours 10 minutes. What time does it finish?',
    ]) {
      expect(rules.classifySync(one), one).toMatchObject({ complexity: 'simple', category: 'reasoning' });
    }
    // A ratio's parts are a quantity each: sharing by 2:3:5 is several steps.
    expect(rules.classifySync('Three partners share a $1,200 profit in the ratio 2:3:5 and the largest share pays 10% tax. How much does that partner keep?').complexity).toBe('medium');
  });

  it('reads an age or a magnitude asked for ("how old", "what is my age", "what does the lamp cost") as the question of a word problem, its numbers in words as givens', () => {
    for (const story of [
      'Rosa is four years older than her brother, who is 9 years old. How old will Rosa be in two years?',
      'Five years ago I was half as old as I am now. What is my age?',
      'A lamp and a rug cost $250 together. The lamp is a quarter of the price of the rug. What does the lamp cost?',
    ]) {
      expect(rules.classifySync(story), story).toMatchObject({ complexity: 'simple', category: 'reasoning' });
    }
    // The age of a named thing is still a lookup.
    expect(rules.classifySync('How old is the Great Wall of China?')).toMatchObject({ complexity: 'simple', category: 'factual' });
  });

  it('takes options weighed in a short request ("pros and cons of X versus Y") as a comparison on a few points (medium), not one operation', () => {
    expect(rules.classifySync('Weigh the pros and cons of a gas stove versus an induction hob for a small flat.')).toMatchObject({ complexity: 'medium', category: 'reasoning' });
    expect(rules.classifySync('Which is bigger, 0.7 or 0.65?')).toMatchObject({ complexity: 'simple', category: 'reasoning' });
  });

  it('takes a situation set out in statements and then a question about it as a case for an expert (complex factual), whatever its field', () => {
    // Each names a case's particulars (a tenant and a lease, a doctor) or takes a case's length to set
    // out (the bridge: no load, stress or failure named, so the case lexicon alone misses it).
    for (const described of [
      'A tenant stopped paying rent three months ago, and the lease says nothing about late fees. What can the landlord do?',
      'A bridge deck shows hairline cracks near its supports after one winter of heavy salting, and the cracks have widened since the spring thaw. Traffic has not been restricted yet. Should the inspectors be worried?',
      'My grandmother has been forgetting names lately and gets lost in familiar streets. Her doctor is away until next month. What could be going on?',
    ]) {
      expect(rules.classifySync(described), described).toMatchObject({ complexity: 'complex', category: 'factual' });
    }
    // A line of everyday context before a question asks for a paragraph that weighs it, not for the
    // strongest model: routing every such chat message to the top tier would cost what routing saves.
    for (const chat of ['I am going to Japan in April and I like temples and food. What should I see in Kyoto?', 'We just adopted a puppy and she cries every night in her crate. How long does that usually last?']) {
      expect(rules.classifySync(chat).complexity, chat).not.toBe('complex');
    }
    // The same shape with quantities to work out is a word problem; one question alone is a lookup.
    expect(rules.classifySync('A baker made 24 rolls and sold 9 of them in the morning. How many rolls are left?').category).toBe('reasoning');
    expect(rules.classifySync('What is the capital of Peru?')).toMatchObject({ complexity: 'simple', category: 'factual' });
  });

  it('takes a full-length question asking for several things ("what are...") as a paragraph to explain, a short one as a lookup', () => {
    for (const several of ['What are the usual ways a small museum raises money for new exhibits?', 'Which are the main duties of a harbour master in a busy port?']) {
      expect(rules.classifySync(several), several).toMatchObject({ complexity: 'medium', category: 'factual' });
    }
    expect(rules.classifySync('What are the colours of the French flag?')).toMatchObject({ complexity: 'simple', category: 'factual' });
  });

  it("takes a software system's architecture asked for in one line (\"Design a ... service\") as system-level code, complex", () => {
    for (const design of ['Design a notification service that sends push, email and SMS messages', 'Design a distributed job scheduler', 'design the backend for a food delivery startup']) {
      expect(rules.classifySync(design), design).toMatchObject({ complexity: 'complex', category: 'code' });
    }
    // A basic one, or a class asked for by name, is not at a system's scale.
    expect(rules.classifySync('Design a basic Python class for a bank account with deposit and withdraw methods.').complexity).not.toBe('complex');
  });

  it('takes a product named as what to design ("Design Spotify", "an app like Flickr") as a system at its scale', () => {
    for (const design of ['Design Spotify.', 'Design the Uber surge pricing feature', 'Design a photo-sharing app like Flickr', 'Design a URL shortener.', 'Design a load balancer for a video site']) {
      expect(rules.classifySync(design), design).toMatchObject({ complexity: 'complex', category: 'code' });
    }
    // Something designed like a person's or a painter's is no program.
    expect(rules.classifySync("Design a garden like Monet's at Giverny").category).not.toBe('code');
  });

  it('takes a question about an existing name or title as a lookup, and one asking for a new name or slogan as creative', () => {
    for (const lookup of ['what was the name of the first dog to orbit the earth?', 'which title did the band give its third album']) {
      expect(rules.classifySync(lookup), lookup).toMatchObject({ complexity: 'simple', category: 'factual' });
    }
    for (const invent of ["What's a good name for a bakery that sells only pies?", 'what is a catchy slogan for a bike shop']) {
      expect(rules.classifySync(invent), invent).toMatchObject({ complexity: 'simple', category: 'creative' });
    }
  });

  it('takes requirements written as user stories as a software specification: a few are a small app, many a system', () => {
    const app = ['# Tip Splitter', '', 'Split a restaurant bill between friends.', '', '- [ ] User can enter the bill total and the tip percentage', '- [ ] User can enter the number of people, from 1 to 20', '- [ ] User can see what each person owes, rounded up to the cent'].join('\n');
    expect(rules.classifySync(app)).toMatchObject({ complexity: 'medium', category: 'code' });
    const stories = ['sign up with an email address', 'log in and log out', 'create a board', 'invite other users to a board', 'add cards to a list', 'drag cards between lists', 'attach files to a card', 'comment on a card', 'mention another user in a comment', 'receive a notification when mentioned', 'set a due date on a card', 'filter cards by label', 'search all boards', 'archive a board'];
    const system = ['# Team Boards', '', 'A shared task board with real-time updates.', '', ...stories.map((st) => `- User can ${st}`)].join('\n');
    expect(rules.classifySync(system)).toMatchObject({ complexity: 'complex', category: 'code' });
  });

  it("takes a question about a condition's causes, symptoms, treatment or outlook as an explanation, a definition as a lookup", () => {
    expect(rules.classifySync('What are the symptoms of Lyme disease?')).toMatchObject({ complexity: 'medium', category: 'factual' });
    expect(rules.classifySync('what is the usual treatment for a torn meniscus')).toMatchObject({ complexity: 'medium', category: 'factual' });
    expect(rules.classifySync('What is the long-term outlook for people with Crohn disease?')).toMatchObject({ complexity: 'medium', category: 'factual' });
    expect(rules.classifySync('What is a meniscus?')).toMatchObject({ complexity: 'simple', category: 'factual' });
  });

  it('takes a piece of writing about a patient or a lease as creative, not as a case put to an expert', () => {
    expect(rules.classifySync("Write a short story about a nurse who doubts a patient's diagnosis").category).toBe('creative');
    expect(rules.classifySync('Write a letter to my landlord about the broken heating, quoting the clause of our lease that covers repairs').category).toBe('creative');
  });

  it('is deterministic and pure: same prompt, same answer, across instances and calls', () => {
    const prompt = 'Compare Rust and Go for writing a network proxy, considering latency and safety.';
    const first = rules.classifySync(prompt);
    rules.classifySync('Write a limerick about a cat.');
    expect(rules.classifySync(prompt)).toEqual(first);
    expect(new RulesClassifier().classifySync(prompt)).toEqual(first);
  });

  it('classify() resolves to the same result as classifySync() and reports strategy "rules"', async () => {
    const prompt = 'What is the boiling point of ethanol?';
    await expect(rules.classify(prompt)).resolves.toEqual(rules.classifySync(prompt));
    expect(rules.strategy).toBe('rules');
    expect(rules.classifySync(prompt).strategy).toBe('rules');
  });

  it('classify() rejects when the signal is already aborted', async () => {
    await expect(rules.classify('hello', AbortSignal.abort())).rejects.toThrow();
  });

  it('keeps confidence within 0..1 for odd inputs', () => {
    const odd = ['', '   ', '?', '🙂🙂🙂', 'a'.repeat(200_000), 'x '.repeat(50_000), '```\n```', '1+1'];
    for (const prompt of odd) {
      const c = rules.classifySync(prompt);
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('is less confident about ambiguous prompts than about clear ones', () => {
    const clear = rules.classifySync('Write a haiku about autumn rain.').confidence;
    // A story request that is also a calculation: two categories compete.
    const ambiguous = rules.classifySync('Write a story where a farmer has 17 sheep and all but 9 die; how many are left?').confidence;
    expect(ambiguous).toBeLessThan(clear);
  });
});

describe('RulesClassifier on eval_data/prompts.yaml', async () => {
  const rows = loadLabeledPrompts('eval_data/prompts.yaml');
  const report = await evaluateClassifier(rules, rows);

  // Regression guard only: the figure to improve is leave-one-source-out on the corpus (README).
  it('keeps its accuracy on our hand-written prompts', () => {
    expect(report.accuracy).toBeGreaterThanOrEqual(0.5);
    expect(report.complexity.accuracy).toBeGreaterThanOrEqual(0.6);
    expect(report.category.accuracy).toBeGreaterThanOrEqual(0.78);
  });

  it('has meaningful confidence: low-confidence predictions are less accurate than high-confidence ones', () => {
    const { high, low } = report.confidence;
    expect(high.n).toBeGreaterThan(0);
    expect(low.n).toBeGreaterThan(0);
    expect(low.accuracy).toBeLessThan(high.accuracy - 0.1);
  });

  it('ranks its answers: the more confident half is more accurate than the less confident half', () => {
    const scored = rows.map((r) => {
      const c = rules.classifySync(r.prompt);
      return { confidence: c.confidence, right: c.complexity === r.complexity && c.category === r.category };
    });
    scored.sort((a, b) => b.confidence - a.confidence);
    const accuracy = (xs: typeof scored) => xs.filter((x) => x.right).length / xs.length;
    const half = Math.floor(scored.length / 2);
    expect(accuracy(scored.slice(0, half))).toBeGreaterThan(accuracy(scored.slice(half)) + 0.1);
  });
});
