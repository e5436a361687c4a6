/**
 * One contract case per operation of the spec: a call through the SDK that Prism must accept
 * (it answers 400/422 to a request that breaks the spec, which the SDK raises and fails the
 * test) and the part of the answer a user relies on.
 */
import type { AlliClient, MethodParams, operations } from "../../src/index.js";

export interface ContractCase {
  operationId: string;
  run(alli: AlliClient): Promise<{ data: unknown; response: Response }>;
  /** The same call through the operation's own method (a promise of the body, a page promise, or a stream). */
  method(alli: AlliClient): unknown;
  /** What a user reads from the answer: keys the spec says are there. */
  expectKeys?: string[];
  /** The response media type when it is not JSON. */
  contentType?: RegExp;
  /** A stream whose events no page documents: Prism answers the schema's bare string, which the SDK reports as no SSE. */
  undocumentedEvents?: true;
}

const streamHeaders = { Accept: "text/event-stream" };
const app = { params: { path: { app_id: "app_1" } } };
const conversation = { params: { path: { conversation_id: "conv_1" } } };
const chat = { params: { path: { conversation_id: "conv_1", chat_id: "chat_1" } } };
const prompt = { params: { path: { llm_prompt_id: "prompt_1" } } };
const range = { startDate: "2026-01-01", endDate: "2026-01-31" };
/** The body of a legacy create-app call, shared by its path-map and method cases. */
const summariserApp: MethodParams<operations["createApp"]> = {
  type: "single_action",
  name: "Summariser",
  description: "Summarises a text",
  category: "writing",
  published: false,
  enabled: true,
  single_action_app_input: {
    name: "Summariser",
    description: "Summarises a text",
    llm_model: "gpt4_o",
    inputs: [{ name: "text", value: "", input_type: "paragraph" }],
    messages: [{ role: "user", content: "Summarise {text}" }],
  },
};

export const cases: ContractCase[] = [
  // Apps
  {
    operationId: "getApps",
    method: (a) => a.getApps({ published: "true", id: ["a", "b"] }),
    run: (a) => a.GET("/webapi/apps", { params: { query: { published: "true", id: ["a", "b"] } } }),
    expectKeys: ["result"],
  },
  {
    operationId: "createApp",
    method: (a) => a.createApp(summariserApp),
    run: (a) => a.POST("/webapi/apps", { body: summariserApp }),
    expectKeys: ["result"],
  },
  {
    operationId: "runApp",
    method: (a) => a.runApp("app_1", { mode: "sync", inputs: { text: "hi" } }),
    run: (a) => a.POST("/webapi/apps/{app_id}/run", { ...app, body: { mode: "sync", inputs: { text: "hi" } } }),
    expectKeys: ["result"],
  },
  {
    operationId: "runSkill",
    method: (a) => a.runSkill({ id: "skill_1", text: "Extract the dates" }),
    run: (a) => a.POST("/webapi/skill", { body: { id: "skill_1", text: "Extract the dates" } }),
  },
  {
    operationId: "getGenerativeAnswer",
    method: (a) => a.getGenerativeAnswer({ query: "What is Alli?", mode: "sync" }),
    run: (a) => a.POST("/webapi/generative_answer", { body: { query: "What is Alli?", mode: "sync" } }),
  },
  {
    operationId: "startConversation",
    method: (a) => a.startConversation({ placement: "home" }),
    run: (a) => a.POST("/webapi/start_conversation", { body: { placement: "home" } }),
  },
  {
    operationId: "endConversationByAgent",
    method: (a) => a.endConversationByAgent({ id: "conv_1" }),
    run: (a) => a.POST("/webapi/end_conversation_by_agent", { body: { id: "conv_1" } }),
  },
  {
    operationId: "sendChat",
    method: (a) => a.sendChat({ message: "Hello", conversationId: "conv_1" }),
    run: (a) => a.POST("/webapi/send_chat", { body: { message: "Hello", conversationId: "conv_1" } }),
  },
  {
    operationId: "listApps",
    method: (a) => a.listApps({ pageSize: 20, published: true }),
    run: (a) => a.GET("/webapi/v2/apps", { params: { query: { pageSize: 20, published: true } } }),
    expectKeys: ["apps", "cursor"],
  },
  {
    operationId: "getApp",
    method: (a) => a.getApp("app_1"),
    run: (a) => a.GET("/webapi/v2/apps/{app_id}", app),
    expectKeys: ["id", "name", "type", "category", "published"],
  },
  {
    operationId: "updateApp",
    method: (a) => a.updateApp("app_1", { name: "Renamed", published: true }),
    run: (a) => a.PATCH("/webapi/v2/apps/{app_id}", { ...app, body: { name: "Renamed", published: true } }),
    expectKeys: ["id", "name"],
  },
  {
    operationId: "runConversation",
    method: (a) => a.runConversation("app_1", { message: "Hi", choices: [0, 1], sendFormInput: { name: "Kim" } }),
    // Without files: Prism 5 rejects any filled array-of-files multipart field (stoplightio/prism#2654);
    // the file parts are checked against a scripted server in test/client/multipart.test.ts.
    run: (a) =>
      a.POST("/webapi/v2/apps/{app_id}/run_conversation", {
        ...app,
        body: { message: "Hi", choices: [0, 1], sendFormInput: { name: "Kim" } },
        headers: streamHeaders,
        parseAs: "text",
      }),
    contentType: /^text\/event-stream/,
    undocumentedEvents: true,
  },
  {
    operationId: "getCognitiveConfig",
    method: (a) => a.getCognitiveConfig(),
    run: (a) => a.GET("/webapi/v2/cognitive_config"),
  },
  {
    operationId: "patchCognitiveConfig",
    method: (a) => a.patchCognitiveConfig({ answerLanguage: "ko" }),
    run: (a) => a.PATCH("/webapi/v2/cognitive_config", { body: { answerLanguage: "ko" } }),
  },

  // Conversations
  {
    operationId: "listConversations",
    method: (a) => a.listConversations({ pageSize: 10, activeOnly: true }),
    run: (a) => a.GET("/webapi/v2/conversations", { params: { query: { pageSize: 10, activeOnly: true } } }),
    expectKeys: ["conversations", "cursor"],
  },
  {
    operationId: "bulkUpdateConversations",
    method: (a) => a.bulkUpdateConversations({ conversationIds: ["conv_1"], conversationInfo: { title: "Archived" } }),
    run: (a) =>
      a.POST("/webapi/v2/conversations/bulk_update", {
        body: { conversationIds: ["conv_1"], conversationInfo: { title: "Archived" } },
      }),
  },
  {
    operationId: "getConversation",
    method: (a) => a.getConversation("conv_1"),
    run: (a) => a.GET("/webapi/v2/conversations/{conversation_id}", conversation),
    expectKeys: ["id"],
  },
  {
    operationId: "updateConversation",
    method: (a) => a.updateConversation("conv_1", { title: "Renamed" }),
    run: (a) => a.PATCH("/webapi/v2/conversations/{conversation_id}", { ...conversation, body: { title: "Renamed" } }),
    expectKeys: ["id"],
  },
  {
    operationId: "listConversationChats",
    method: (a) => a.listConversationChats("conv_1", { pageNo: 2 }),
    run: (a) =>
      a.GET("/webapi/v2/conversations/{conversation_id}/chats", {
        ...conversation,
        params: { ...conversation.params, query: { pageNo: 2 } },
      }),
    expectKeys: ["chats", "pageNo", "totalCount"],
  },
  {
    operationId: "getConversationState",
    method: (a) => a.getConversationState("conv_1"),
    run: (a) => a.GET("/webapi/v2/conversations/{conversation_id}/running", conversation),
  },
  {
    operationId: "stopConversation",
    method: (a) => a.stopConversation("conv_1"),
    run: (a) => a.POST("/webapi/v2/conversations/{conversation_id}/stop", conversation),
  },
  {
    operationId: "getConversationChat",
    method: (a) => a.getConversationChat("conv_1", "chat_1"),
    run: (a) => a.GET("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}", chat),
    expectKeys: ["id"],
  },
  {
    operationId: "deleteConversationChat",
    method: (a) => a.deleteConversationChat("conv_1", "chat_1"),
    run: (a) => a.DELETE("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}", chat),
  },
  {
    operationId: "updateConversationTitle",
    method: (a) => a.updateConversationTitle("conv_1", { title: "New title" }),
    run: (a) =>
      a.PUT("/webapi/v2/conversations/{conversation_id}/title", { ...conversation, body: { title: "New title" } }),
    expectKeys: ["id"],
  },
  {
    operationId: "createChatFeedback",
    method: (a) =>
      a.createChatFeedback("conv_1", "chat_1", { rating: true, suggestedAnswer: "Try restarting the app." }),
    run: (a) =>
      a.POST("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}/feedback", {
        ...chat,
        body: { rating: true, suggestedAnswer: "Try restarting the app." },
      }),
  },
  {
    operationId: "listConversationCategories",
    method: (a) => a.listConversationCategories(),
    run: (a) => a.GET("/webapi/v2/conversation_categories"),
  },
  {
    operationId: "createConversationCategory",
    method: (a) => a.createConversationCategory({ name: "Billing" }),
    run: (a) => a.POST("/webapi/v2/conversation_categories", { body: { name: "Billing" } }),
  },
  {
    operationId: "deleteConversationCategory",
    method: (a) => a.deleteConversationCategory("cat_1"),
    run: (a) =>
      a.DELETE("/webapi/v2/conversation_categories/{conversation_category_id}", {
        params: { path: { conversation_category_id: "cat_1" } },
      }),
  },
  {
    operationId: "createChatCompletion",
    method: (a) => a.createChatCompletion({ messages: [{ role: "user", content: "안녕하세요" }], mode: "stream" }),
    run: (a) =>
      a.POST("/webapi/v2/chat/completions", {
        body: { messages: [{ role: "user", content: "안녕하세요" }], mode: "stream" },
        headers: streamHeaders,
        parseAs: "text",
      }),
    contentType: /^text\/event-stream/,
    undocumentedEvents: true,
  },
  {
    operationId: "conversationDailyCount",
    method: (a) => a.conversationDailyCount(range),
    run: (a) => a.GET("/webapi/conversation_daily_count", { body: range }),
  },

  // Others
  {
    operationId: "listAuditLogs",
    method: (a) => a.listAuditLogs({ beforeRange: 7, limit: 50, params: ["body"] }),
    run: (a) => a.GET("/webapi/v2/audit/logs", { params: { query: { beforeRange: 7, limit: 50, params: ["body"] } } }),
    expectKeys: ["result", "count"],
  },
  {
    operationId: "downloadAuditLogs",
    method: (a) => a.downloadAuditLogs({ beforeRange: 31 }),
    run: (a) =>
      a.GET("/webapi/v2/audit/logs/download", {
        params: { query: { beforeRange: 31 } },
        headers: { Accept: "text/csv" },
        parseAs: "text",
      }),
    contentType: /^text\/csv/,
  },
  {
    operationId: "listLlmPrompts",
    method: (a) => a.listLlmPrompts({ offset: 0, limit: 20, order: "-modified_at" }),
    run: (a) => a.GET("/webapi/v2/llm_prompts", { params: { query: { offset: 0, limit: 20, order: "-modified_at" } } }),
  },
  {
    operationId: "createLlmPrompt",
    method: (a) => a.createLlmPrompt({ name: "Greeting", messages: [{ role: "system", content: "Be kind" }] }),
    run: (a) =>
      a.POST("/webapi/v2/llm_prompts", {
        body: { name: "Greeting", messages: [{ role: "system", content: "Be kind" }] },
      }),
  },
  {
    operationId: "getLlmPrompt",
    method: (a) => a.getLlmPrompt("prompt_1"),
    run: (a) => a.GET("/webapi/v2/llm_prompts/{llm_prompt_id}", prompt),
    expectKeys: ["llmPromptId", "name"],
  },
  {
    operationId: "deleteLlmPrompt",
    method: (a) => a.deleteLlmPrompt("prompt_1"),
    run: (a) => a.DELETE("/webapi/v2/llm_prompts/{llm_prompt_id}", prompt),
  },
  {
    operationId: "updateLlmPrompt",
    method: (a) => a.updateLlmPrompt("prompt_1", { name: "Greeting v2" }),
    run: (a) => a.PATCH("/webapi/v2/llm_prompts/{llm_prompt_id}", { ...prompt, body: { name: "Greeting v2" } }),
    expectKeys: ["llmPromptId"],
  },
  {
    operationId: "triggerDirectoryIntegration",
    method: (a) => a.triggerDirectoryIntegration({ folder_id: "folder_1" }),
    run: (a) => a.POST("/webapi/v2/directory_integration/trigger", { body: { folder_id: "folder_1" } }),
  },
  {
    operationId: "getAppCallStatistics",
    method: (a) => a.getAppCallStatistics({ ...range, metricName: "REQUEST_COUNT" }),
    run: (a) =>
      a.GET("/webapi/v2/analytics/app_statistic_history", {
        params: { query: { ...range, metricName: "REQUEST_COUNT" } },
      }),
  },
  {
    operationId: "getLlmCallStatistics",
    method: (a) => a.getLlmCallStatistics({ ...range, metricName: "credit" }),
    run: (a) =>
      a.GET("/webapi/v2/analytics/llm_statistic_history", { params: { query: { ...range, metricName: "credit" } } }),
  },
  {
    operationId: "getMediaContent",
    method: (a) => a.getMediaContent({ media_id: "media_1" }),
    run: (a) => a.POST("/webapi/v2/multimodal/media-content", { body: { media_id: "media_1" } }),
  },
  {
    operationId: "generateFile",
    method: (a) => a.generateFile({ userId: "u1", title: "Report", fileFormat: "docx", markdownText: "# Report" }),
    run: (a) =>
      a.POST("/webapi/v2/multimodal/generate-file", {
        body: { userId: "u1", title: "Report", fileFormat: "docx", markdownText: "# Report" },
      }),
  },
  {
    operationId: "getSynonyms",
    method: (a) => a.getSynonyms({ questions: ["How do I reset my password?"] }),
    run: (a) => a.POST("/webapi/v2/synonyms/", { body: { questions: ["How do I reset my password?"] } }),
  },
  { operationId: "getProject", method: (a) => a.getProject(), run: (a) => a.GET("/webapi/v2/projects") },
  {
    operationId: "getCreditBalance",
    method: (a) => a.getCreditBalance(range),
    run: (a) => a.GET("/webapi/v2/credits/balance", { params: { query: range } }),
  },
  {
    operationId: "summaryAnalytics",
    method: (a) => a.summaryAnalytics(range),
    run: (a) => a.GET("/webapi/summary_analytics", { body: range }),
  },
];
