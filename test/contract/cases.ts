/**
 * One contract case per operation of the spec: a call through the SDK that Prism must accept
 * (it answers 400/422 to a request that breaks the spec, which the SDK raises and fails the
 * test) and the part of the answer a user relies on.
 */
import type { AlliClient } from "../../src/index.js";

export interface ContractCase {
  operationId: string;
  run(alli: AlliClient): Promise<{ data: unknown; response: Response }>;
  /** What a user reads from the answer: keys the spec says are there. */
  expectKeys?: string[];
  /** The response media type when it is not JSON. */
  contentType?: RegExp;
}

const streamHeaders = { Accept: "text/event-stream" };
const app = { params: { path: { app_id: "app_1" } } };
const conversation = { params: { path: { conversation_id: "conv_1" } } };
const chat = { params: { path: { conversation_id: "conv_1", chat_id: "chat_1" } } };
const prompt = { params: { path: { llm_prompt_id: "prompt_1" } } };
const range = { startDate: "2026-01-01", endDate: "2026-01-31" };

export const cases: ContractCase[] = [
  // Apps
  { operationId: "getApps", run: (a) => a.GET("/webapi/apps", { params: { query: { published: "true", id: ["a", "b"] } } }), expectKeys: ["result"] },
  {
    operationId: "createApp",
    run: (a) =>
      a.POST("/webapi/apps", {
        body: {
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
        },
      }),
    expectKeys: ["result"],
  },
  { operationId: "runApp", run: (a) => a.POST("/webapi/apps/{app_id}/run", { ...app, body: { mode: "sync", inputs: { text: "hi" } } }), expectKeys: ["result"] },
  { operationId: "runSkill", run: (a) => a.POST("/webapi/skill", { body: { id: "skill_1", text: "Extract the dates" } }) },
  { operationId: "getGenerativeAnswer", run: (a) => a.POST("/webapi/generative_answer", { body: { query: "What is Alli?", mode: "sync" } }) },
  { operationId: "startConversation", run: (a) => a.POST("/webapi/start_conversation", { body: { placement: "home" } }) },
  { operationId: "endConversationByAgent", run: (a) => a.POST("/webapi/end_conversation_by_agent", { body: { id: "conv_1" } }) },
  { operationId: "sendChat", run: (a) => a.POST("/webapi/send_chat", { body: { message: "Hello", conversationId: "conv_1" } }) },
  { operationId: "listApps", run: (a) => a.GET("/webapi/v2/apps", { params: { query: { pageSize: 20, published: true } } }), expectKeys: ["apps", "cursor"] },
  { operationId: "getApp", run: (a) => a.GET("/webapi/v2/apps/{app_id}", app), expectKeys: ["id", "name", "type", "category", "published"] },
  { operationId: "updateApp", run: (a) => a.PATCH("/webapi/v2/apps/{app_id}", { ...app, body: { name: "Renamed", published: true } }), expectKeys: ["id", "name"] },
  {
    operationId: "runConversation",
    // Without files: Prism 5 rejects any filled array-of-files multipart field (stoplightio/prism#2654);
    // the file parts are checked against a scripted server in test/client/multipart.test.ts.
    run: (a) =>
      a.POST("/webapi/v2/apps/{app_id}/run_conversation", {
        ...app,
        body: { message: "Hi", choices: [0, 1] as unknown as string, sendFormInput: { name: "Kim" } as unknown as string },
        headers: streamHeaders,
        parseAs: "text",
      }),
    contentType: /^text\/event-stream/,
  },
  { operationId: "getCognitiveConfig", run: (a) => a.GET("/webapi/v2/cognitive_config") },
  { operationId: "patchCognitiveConfig", run: (a) => a.PATCH("/webapi/v2/cognitive_config", { body: { answerLanguage: "ko" } }) },

  // Conversations
  { operationId: "listConversations", run: (a) => a.GET("/webapi/v2/conversations", { params: { query: { pageSize: 10, activeOnly: true } } }), expectKeys: ["conversations", "cursor"] },
  {
    operationId: "bulkUpdateConversations",
    run: (a) => a.POST("/webapi/v2/conversations/bulk_update", { body: { conversationIds: ["conv_1"], conversationInfo: { title: "Archived" } } }),
  },
  { operationId: "getConversation", run: (a) => a.GET("/webapi/v2/conversations/{conversation_id}", conversation), expectKeys: ["id"] },
  { operationId: "updateConversation", run: (a) => a.PATCH("/webapi/v2/conversations/{conversation_id}", { ...conversation, body: { title: "Renamed" } }), expectKeys: ["id"] },
  { operationId: "listConversationChats", run: (a) => a.GET("/webapi/v2/conversations/{conversation_id}/chats", { ...conversation, params: { ...conversation.params, query: { pageNo: 2 } } }), expectKeys: ["chats", "pageNo", "totalCount"] },
  { operationId: "getConversationState", run: (a) => a.GET("/webapi/v2/conversations/{conversation_id}/running", conversation) },
  { operationId: "stopConversation", run: (a) => a.POST("/webapi/v2/conversations/{conversation_id}/stop", conversation) },
  { operationId: "getConversationChat", run: (a) => a.GET("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}", chat), expectKeys: ["id"] },
  { operationId: "deleteConversationChat", run: (a) => a.DELETE("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}", chat) },
  { operationId: "updateConversationTitle", run: (a) => a.PUT("/webapi/v2/conversations/{conversation_id}/title", { ...conversation, body: { title: "New title" } }), expectKeys: ["id"] },
  { operationId: "createChatFeedback", run: (a) => a.POST("/webapi/v2/conversations/{conversation_id}/chats/{chat_id}/feedback", { ...chat, body: { rating: true, suggestedAnswer: "Try restarting the app." } }) },
  { operationId: "listConversationCategories", run: (a) => a.GET("/webapi/v2/conversation_categories") },
  { operationId: "createConversationCategory", run: (a) => a.POST("/webapi/v2/conversation_categories", { body: { name: "Billing" } }) },
  { operationId: "deleteConversationCategory", run: (a) => a.DELETE("/webapi/v2/conversation_categories/{conversation_category_id}", { params: { path: { conversation_category_id: "cat_1" } } }) },
  {
    operationId: "createChatCompletion",
    run: (a) => a.POST("/webapi/v2/chat/completions", { body: { messages: [{ role: "user", content: "안녕하세요" }], mode: "stream" }, headers: streamHeaders, parseAs: "text" }),
    contentType: /^text\/event-stream/,
  },
  { operationId: "conversationDailyCount", run: (a) => a.GET("/webapi/conversation_daily_count", { body: range }) },

  // Others
  { operationId: "listAuditLogs", run: (a) => a.GET("/webapi/v2/audit/logs", { params: { query: { beforeRange: 7, limit: 50, params: ["body"] } } }), expectKeys: ["result", "count"] },
  {
    operationId: "downloadAuditLogs",
    run: (a) => a.GET("/webapi/v2/audit/logs/download", { params: { query: { beforeRange: 31 } }, headers: { Accept: "text/csv" }, parseAs: "text" }),
    contentType: /^text\/csv/,
  },
  { operationId: "listLlmPrompts", run: (a) => a.GET("/webapi/v2/llm_prompts", { params: { query: { offset: 0, limit: 20, order: "-modified_at" } } }) },
  { operationId: "createLlmPrompt", run: (a) => a.POST("/webapi/v2/llm_prompts", { body: { name: "Greeting", messages: [{ role: "system", content: "Be kind" }] } }) },
  { operationId: "getLlmPrompt", run: (a) => a.GET("/webapi/v2/llm_prompts/{llm_prompt_id}", prompt), expectKeys: ["llmPromptId", "name"] },
  { operationId: "deleteLlmPrompt", run: (a) => a.DELETE("/webapi/v2/llm_prompts/{llm_prompt_id}", prompt) },
  { operationId: "updateLlmPrompt", run: (a) => a.PATCH("/webapi/v2/llm_prompts/{llm_prompt_id}", { ...prompt, body: { name: "Greeting v2" } }), expectKeys: ["llmPromptId"] },
  { operationId: "triggerDirectoryIntegration", run: (a) => a.POST("/webapi/v2/directory_integration/trigger", { body: { folder_id: "folder_1" } }) },
  { operationId: "getAppCallStatistics", run: (a) => a.GET("/webapi/v2/analytics/app_statistic_history", { params: { query: { ...range, metricName: "REQUEST_COUNT" } } }) },
  { operationId: "getLlmCallStatistics", run: (a) => a.GET("/webapi/v2/analytics/llm_statistic_history", { params: { query: { ...range, metricName: "credit" } } }) },
  { operationId: "getMediaContent", run: (a) => a.POST("/webapi/v2/multimodal/media-content", { body: { media_id: "media_1" } }) },
  { operationId: "generateFile", run: (a) => a.POST("/webapi/v2/multimodal/generate-file", { body: { userId: "u1", title: "Report", fileFormat: "docx", markdownText: "# Report" } }) },
  { operationId: "getSynonyms", run: (a) => a.POST("/webapi/v2/synonyms/", { body: { questions: ["How do I reset my password?"] } }) },
  { operationId: "getProject", run: (a) => a.GET("/webapi/v2/projects") },
  { operationId: "getCreditBalance", run: (a) => a.GET("/webapi/v2/credits/balance", { params: { query: range } }) },
  { operationId: "summaryAnalytics", run: (a) => a.GET("/webapi/summary_analytics", { body: range }) },
];
