import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/**
 * The OpenAPI document is generated from the routes' TypeBox schemas — the same schemas that
 * validate requests — so it cannot drift from what the API really accepts.
 */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'CMSS API',
          version: '0.1.0',
          description:
            'Conferencing helpdesk of a European clinician network: directory of appointed clinicians, conference requests and Webex bookings with calendar invitations. No patient-identifying data may be stored or sent.',
        },
        servers: [{ url: app.config.publicUrl }],
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              description: 'An Entra ID access token, an API key, or a local sign-in token (loopback only)',
            },
          },
        },
        security: [{ bearer: [] }],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });

    app.get('/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
      app.swagger(),
    );
  },
  { name: 'swagger', dependencies: ['sensible'] },
);
