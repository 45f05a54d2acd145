/** The mock upstream used by gateway tests, `switchyard mock-upstream` and `npm run bench`. */
export { startMockUpstream } from './mock-server.ts';
export {
  MOCK_FAULTS,
  parseMockFault,
  type MockFault,
  type MockUpstream,
  type MockUpstreamOptions,
  type MockUpstreamStats,
  type MockRequestRecord,
} from './mock-options.ts';
export { MOCK_CHARACTERS_PER_TOKEN, mockTokenCount, splitIntoPieces } from './mock-reply.ts';
