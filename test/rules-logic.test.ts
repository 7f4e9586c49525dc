import { describe, expect, it } from 'vitest';
import { cell } from './support/rules-cell';

// Examples written for these tests (LABELING.md: reasoning is an answer derived by logic, sized by its steps).

describe('RulesClassifier: a conclusion asked about premises is derived by logic', () => {
  it('reads one syllogism as simple reasoning, however it is asked', () => {
    expect(cell('If all bloops are razzies and all razzies are lazzies, are all bloops definitely lazzies?')).toBe('simple/reasoning');
    expect(cell('All wizards in the guild carry a staff. Merla is a wizard in the guild. Does it follow that Merla carries a staff?')).toBe('simple/reasoning');
    expect(cell('No reptiles have fur. Some pets are reptiles. Is it necessarily true that some pets have no fur?')).toBe('simple/reasoning');
  });

  it('reads an argument asked to be judged valid as reasoning', () => {
    expect(cell('All mammals are warm-blooded. Some sea creatures are mammals. Therefore, some sea creatures are warm-blooded. Is this argument valid?')).toMatch(/\/reasoning$/);
  });

  it('counts listed premises as listed: a conclusion set out after them is not another premise', () => {
    expect(cell('Premises:\n- Every violinist in the orchestra reads music.\n- Jun is a violinist in the orchestra.\n\nConclusion: Jun reads music.\n\nIs the conclusion true, false, or uncertain given the premises?')).toBe(
      'simple/reasoning',
    );
  });

  it('sizes a chain of premises by its length: several are medium, a long one with many connectives complex', () => {
    const question = '\n\nBased on these premises, is the following conclusion true, false, or unknown?\nRafa owns a chess clock.';
    const few = 'Every member of the chess club is either a student or a teacher. No teacher in the club plays blitz. Rafa is a member of the chess club and does not play blitz.';
    const many = `${few} All students in the club play blitz or study openings. Anyone who studies openings owns a chess clock. If Rafa owns a chess clock, then Rafa is not a teacher. Neither the coach nor the captain is a student.`;
    expect(cell(few + question)).toBe('medium/reasoning');
    expect(cell(many + question)).toBe('complex/reasoning');
  });
});

describe('RulesClassifier: arrangements under constraints and truth-teller puzzles', () => {
  it('reads seating constraints and a question about the places as medium reasoning, not a case for an expert', () => {
    expect(cell('Five people sit in a row. Anna is not at either end. Ben sits immediately to the right of Carla. Dev sits at the far left. Emma is next to Dev. Who sits in the middle?')).toBe('medium/reasoning');
    expect(cell('Priya, Tom, Lea and Omar sit on a bench. Tom sits to the right of Lea. Omar is next to Priya but not next to Tom. Priya is at the far left. In what order do they sit?')).toBe('medium/reasoning');
  });

  it('reads an order on a shelf or a line, stated piece by piece, as reasoning', () => {
    expect(cell('On a shelf there are three jars: a blue jar, a green jar and a yellow jar. The green jar is to the left of the yellow jar. The blue jar is the rightmost. Which jar is in the middle?')).toBe(
      'medium/reasoning',
    );
    expect(cell('Alice is taller than Bob. Bob is taller than Carol. Who is the shortest?')).toBe('simple/reasoning');
  });

  it('reads things shared out one each, some ruled out, as medium reasoning: a grid to fill in, not a case', () => {
    expect(cell('Three flatmates, Ines, Raj and Tove, each cook on a different weeknight: Monday, Tuesday or Wednesday. Ines does not cook on Monday. Raj cooks on Wednesday. Who cooks on Tuesday?')).toBe(
      'medium/reasoning',
    );
  });

  it('reads a rule and a fact, then a question that follows from them, as reasoning, not as a question to look up', () => {
    expect(cell('If the kettle is switched on, the light glows. The light is not glowing. Is the kettle switched on?')).toBe('simple/reasoning');
    // A rule in a case put to an expert stays the case; "why" asks for an explanation.
    expect(cell('My employer said if I do not sign the new contract by Monday I will lose my bonus. I have not signed. Is that legal?')).toMatch(/\/factual$/);
    expect(cell('If I leave bread out, it goes stale. I left it out overnight and it is not stale. Why?')).toMatch(/\/factual$/);
  });

  it('reads knights and knaves as medium reasoning: every statement is checked against each assignment', () => {
    expect(cell('On an island, knights always tell the truth and knaves always lie. Ana says: "Ben is a knave." Ben says: "We are both knights." Who is a knight and who is a knave?')).toBe(
      'medium/reasoning',
    );
  });
});

describe('RulesClassifier: what is not a logic problem keeps its label', () => {
  it('keeps described cases complex factual, conditions and negations included', () => {
    expect(
      cell('A 58-year-old man presents with crushing chest pain radiating to the left arm for two hours. He is sweating and his blood pressure is 90/60. The ECG shows ST elevation in leads II, III and aVF. What is the most likely diagnosis and what should be done first?'),
    ).toBe('complex/factual');
    expect(cell('A tenant signed a one-year lease that does not allow pets. The landlord knew about the dog for six months and said nothing. If the tenant has not broken any other term, can the landlord now evict the tenant for the dog?')).toBe(
      'complex/factual',
    );
  });

  it('keeps a word problem whose "if" sets up a quantity a calculation', () => {
    expect(cell('If Maya buys 3 notebooks at $4 each and pays with a $20 bill, how much change does she get?')).toBe('simple/reasoning');
  });

  it('keeps lookups and situations that mention places, orders or truth as they were', () => {
    expect(cell('what country is next to spain?')).toBe('simple/factual');
    expect(cell('Mount Everest is higher than K2. Which mountain range is K2 in?')).toBe('simple/factual');
    expect(cell('My apartment is next to a busy road and the bedroom faces the street. The noise keeps me awake. What can I do to block it?')).toBe('medium/factual');
    expect(cell('A small village sits next to a chemical plant that leaks solvent into the ground. Wells in the village have started to smell. What tests should the villagers ask for?')).toBe('complex/factual');
    expect(cell('Is it true that all bats are blind?')).toBe('simple/factual');
    expect(cell('Is the following statement true or false? The Great Wall of China is visible from the Moon with the naked eye.')).toBe('simple/factual');
  });

  it('keeps code whose specification is written in "if", "all" and "not" code', () => {
    expect(cell('Write a Python function that returns True if all elements of a list are positive and False if not.')).toBe('simple/code');
  });
});
