import {stringify} from 'yaml'

/**
 * The draft `khaos dao new` opens in the user's editor: a decision record in MADR's shape, every section named
 * and explained in a comment, the outcome left null (to be decided). What the editor saves is read back with
 * readDecisionDraft and validated like any `dao record --from` draft.
 */
export function decisionTemplate(input: {participants: string[]; sessionId: string; title: string}): string {
  const field = (key: string, value: unknown) => stringify({[key]: value}, {lineWidth: 0}).trimEnd()
  return [
    '# khaos dao new: a decision record in the shape of MADR (https://adr.github.io/madr/).',
    '# Fill in what you know, save and close the editor: the record is created then. Empty the file to cancel.',
    '',
    field('title', input.title),
    '# What the decision is about, in a line.',
    field('topic', input.title),
    field('session_id', input.sessionId),
    '# proposed until the decision makers accept it (khaos dao accept ID --decision "…").',
    'status: proposed',
    'participants:',
    `  ${field('decision_makers', input.participants).replace(/\n/g, '\n  ')}`,
    '  consulted: []',
    '  informed: []',
    '',
    '# Context and problem statement: the situation that calls for a decision, and the question to answer.',
    'context: null',
    '',
    '# Decision drivers: forces and concerns that shape the choice, one per item.',
    'decision_drivers: []',
    '',
    '# Considered options: for each decision point, the positions held (participant, position).',
    'considered_options: []',
    '',
    '# The outcome: null while it is to be decided.',
    'decision: null',
    '',
    '# Consequences: what becomes easier or harder once decided.',
    'consequences: null',
    '',
  ].join('\n')
}
