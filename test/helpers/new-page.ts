/** A documentation page the pipeline has never seen: one paginated operation, with the defects the class rules fix. */
export const fragment = {
  openapi: "3.1.0",
  info: { title: "Alli API Documentation", version: "1.0.0" },
  tags: [{ name: "knowledge", description: "Knowledge base related APIs" }],
  servers: [{ url: "https://backend.alli.ai", description: "US" }],
  security: [{ ApiKeyAuth: [] }, { TokenAuth: [] }, { ProjectIdHeader: [] }],
  components: {
    securitySchemes: {
      ApiKeyAuth: { type: "apiKey", in: "header", name: "API-KEY" },
      TokenAuth: { type: "http", scheme: "bearer" },
    },
    schemas: {
      KnowledgeBasesResponse: {
        type: "object",
        required: ["knowledgeBases", "cursor"],
        properties: {
          knowledgeBases: {
            type: "array",
            items: {
              type: "object",
              properties: { id: { type: "string" }, folder: { type: "string", nullable: true } },
            },
          },
          cursor: { anyOf: [{ type: "string" }, { type: "null" }] },
        },
      },
    },
  },
  paths: {
    "/webapi/v2/knowledge_bases": {
      get: {
        operationId: "django_server_knowledge_base_views_rest_knowledge_base_api_get_list_knowledge_bases",
        summary: "Get List Knowledge Bases",
        tags: ["knowledge"],
        parameters: [
          { in: "query", name: "cursor", required: false, schema: { anyOf: [{ type: "string" }, { type: "null" }] } },
          { in: "query", name: "pageSize", required: false, schema: { type: "integer", default: 50 } },
        ],
        responses: {
          "200": {
            description: "OK",
            content: { "application/json": { schema: { $ref: "#/components/schemas/KnowledgeBasesResponse" } } },
          },
        },
      },
    },
  },
};
/** The page as the site publishes it (Markdown): a title, a lead, one `##` section with its fragment. */
export const pageText = `# Knowledge\n\nKnowledge base related APIs\n\n## Get List Knowledge Bases\n\n> Get a list of knowledge bases.\n\n\`\`\`json\n${JSON.stringify(fragment)}\n\`\`\`\n`;
