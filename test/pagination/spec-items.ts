/**
 * Items built to the spec's schemas (every required field), so that Prism proxy passes the pages
 * through: ConversationsResponse, AppsResponse, AuditLogListResponse, LLMPromptResponse[], ChatsResponse.
 */
import type { components } from "../../generated/schema.js";

type Schemas = components["schemas"];

export const conversation = (i: number): Schemas["Conversation"] => ({
  id: `conv-${i}`,
  title: `Conversation ${i}`,
  user: i % 2 ? { userId: `user-${i}`, firstName: "Ada", lastName: "Lovelace" } : null,
  createdAt: 1_700_000_000 + i,
  lastChatTime: null,
  isEnd: i % 3 === 0,
  categories: null,
  memo: null,
  chats: [],
  chatCount: i,
  llmApp: null,
  variables: null,
});

export const app = (i: number): Schemas["App"] => ({
  id: `app-${i}`,
  name: `App ${i}`,
  type: "chat",
  category: "general",
  published: i % 2 === 0,
  agentPermission: { viewAccessToAgent: true },
  userPermission: { viewAccessToUser: true },
});

export const auditLog = (i: number): Schemas["AuditLog"] => ({
  id: `log-${i}`,
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
  agent: null,
  ip: "127.0.0.1",
  operation: null,
  mutation: null,
  method: "GET",
  path: `/webapi/v2/things/${i}`,
  variables: null,
  query: null,
  body: null,
});

export const llmPrompt = (i: number): Schemas["LLMPromptResponse"] => ({
  llmPromptId: `prompt-${i}`,
  name: `Prompt ${i}`,
  messages: [{ role: "system", content: `Be kind, ${i} times` }],
  dynamicInputs: [],
});

export const chat = (i: number): Schemas["Chat"] => ({
  id: `chat-${i}`,
  sender: i % 2 ? "AI" : "USER",
  message: `Message ${i}`,
  timestamp: 1_700_000_000 + i,
  completed: true,
  citations: null,
  rating: null,
  agentRating: null,
});

/** `count` items from a builder: item 0 … count-1. */
export const list = <T>(build: (i: number) => T, count: number, from = 0): T[] =>
  Array.from({ length: count }, (_, i) => build(from + i));
