import type { LanguageLexicon } from './types';

export const ES: LanguageLexicon = {
  chatSpeak: {
    q: 'que', k: 'que', xq: 'porque', grax: 'gracias', grasias: 'gracias', graciass: 'gracias', pq: 'porque', porq: 'porque', xk: 'porque', xfa: 'por favor', porfa: 'por favor', plis: 'por favor',
    tb: 'tambien', tmb: 'tambien', x: 'por', nro: 'numero', cel: 'celular', msj: 'mensaje', 
    aki: 'aqui', ke: 'que', kiero: 'quiero', xa: 'para', dnd: 'donde',
  },
  speakerPhrases: [
    'soy nuevo en el equipo', 'soy nueva en el equipo', 'soy nuevo aqui', 'soy nueva aqui', 'soy nuevo aca', 'soy nueva aca', 'soy nuevo',
    'soy nueva', 'nuevo en el equipo', 'nueva en el equipo', 'agente nuevo', 'agente nueva', 'soy agente', 'soy supervisor', 'soy supervisora',
    'supervisor aqui', 'supervisora aqui', 'como supervisor', 'como supervisora', 'como agente', 'pregunta de agente', 'pregunta rapida',
    'recien entre', 'recien llegue', 'recien empece', 'acabo de entrar', 'primer dia', 'primera semana', 'soy coordinador',
    'soy coordinadora', 'soy jefe de equipo', 'como si fuera nuevo', 'como si fuera nueva', 'para un nuevo', 'para una nueva',
  ],
  learnWords: [
    'ensena', 'ensename', 'ensenarme', 'aprender', 'aprendo', 'curso', 'capacitacion', 'capacitarme', 'entrenamiento', 'entrename',
    'leccion', 'lecciones', 'quiz', 'cuestionario', 'test', 'prueba', 'practicar', 'practica', 'estudiar', 'tutorial', 'induccion',
    'principiantes', 'principio', 'empezar', 'empiezo', 'iniciar', 'retomar', 'continuar', 'seguir', 'repetir', 'formacion',
    'hazme preguntas', 'ponme a prueba', 'examiname',
  ],
  courseWords: [
    'curso', 'capacitacion', 'leccion', 'lecciones', 'quiz', 'cuestionario', 'induccion', 'progreso', 'avance', 'nota', 'puntuacion',
    'puntaje', 'resultado', 'resultados', 'acerte', 'termine', 'acabe', 'como voy', 'como le va', 'como me fue', 'llevo',
  ],
  callWords: ['llamada', 'llamadas', 'contacto', 'contactos', 'registro', 'registros', 'numero', 'numeros', 'marcacion', 'intento', 'reporte', 'cliente', 'clientes', 'marcador'],
  campaignWords: ['campana', 'campanas'],
  improveWords: [
    'mejorar', 'mejora', 'mejoras', 'mejoro', 'reducir', 'reduzco', 'bajar', 'bajo', 'aumentar', 'subir', 'tendencia', 'tendencias',
    'semana', 'semanal', 'analisis', 'analiza', 'tips', 'consejo', 'consejos', 'enfoco', 'priorizar', 'mejor', 'tasa', 'insights',
    'rendimiento',
  ],
  meaningWords: ['significa', 'significado', 'que es', 'que quiere decir', 'quiere decir', 'definicion', 'diferencia', 'lo mismo'],
  followUpWords: ['eso', 'esto', 'ese', 'esa', 'esos', 'esas', 'lo', 'mas', 'tambien', 'otra vez', 'y luego', 'que mas'],
  listWords: [
    'lista', 'listado', 'muestra', 'muestrame', 'dame',
    'hay', 'todas', 'cada', 'compara', 'ordena', 'ordenadas', 'tabla', 'quienes', 'a quien', 'saca', 'exporta', 'como van', 'como estan',
    'resumen', 'panorama',
  ],
  whichWords: ['que', 'cual', 'cuales'],
  adviceWords: ['por que', 'porque', 'que hago', 'que debo hacer', 'que hacer', 'como hago', 'conviene', 'explica', 'explicame'],
  manyCampaignWords: ['campanas'],
  manyContactWords: [
    'contactos', 'clientes', 'quienes', 'a quien no', 'quien no', 'quien esta', 'quien termino', 'quien sigue', 'gente', 'personas', 'todos los que', 'los que', 'los marcados', 'las marcadas', 'los malos',
    'las malas', 'los nunca',
  ],
  alertWords: [
    'alerta', 'alertas', 'alertame', 'avisa', 'avisame', 'avisarme', 'avisenme', 'aviso', 'avisos', 'notifica', 'notificame', 'notificarme',
    'notificacion', 'notificaciones', 'dime cuando', 'mantenme al tanto', 'suscripcion', 'suscripciones', 'suscribeme', 'suscribirme',
    'desuscribeme', 'desuscribirme', 'notifiques', 'notifiquen',
  ],
  countWords: ['cuantos', 'cuantas', 'cuanto', 'vs', 'versus', 'porcentaje', 'proporcion', 'cifras', 'numeros', 'desglose', 'comparar'],
  everydayWords: [
    'nueva', 'nuevo', 'nuevas', 'nuevos', 'final', 'error', 'pendiente', 'persona', 'activa', 'programada', 'planificada', 'cerrada',
    'terminada', 'intentos', 'definitivo', 'en espera', 'detenida', 'conectada', 'concluida', 'exitosa',
  ],
  labelCues: [
    'estado', 'estados', 'sale', 'salen', 'aparece', 'aparecen', 'dice', 'marcada', 'marcado', 'marcadas', 'marcados', 'como', 'resultado',
    'columna', 'significa', 'llamada', 'llamadas', 'contactos', 'contacto', 'campana', 'es', 'que', 'en', 'las', 'los',
  ],
  statusPhrases: {
    paused: ['se detiene'],
    busy: ['ocupadas', 'ocupados', 'linea estaba ocupada'],
    no_response: ['nadie contesto', 'nadie contesta', 'nadie atendio', 'no levantaron', 'no contestan', 'no atienden', 'sono y sono'],
    ivr: ['atendio una maquina', 'mensaje grabado', 'grabacion', 'menu de opciones', 'robot'],
    incorrect_number: ['no era nuestro cliente', 'no es nuestro cliente', 'atendio otra persona', 'no conoce al cliente', 'persona incorrecta'],
    completed_without_answer: ['completada sin atender', 'sin intentos'],
    roll_to_campaign: ['pasa a otra campana', 'mueve a otra campana', 'envia a otra campana', 'otra campana'],
    another_attempt_scheduled: ['se reintenta', 'otro intento', 'nuevo intento'],
    do_not_call: ['no volver a llamar', 'dejar de llamar', 'no llamar'],
    plan_limit_exceeded: ['limite del plan'],
    drop_hang_up: ['cuelgan', 'colgaron', 'me colgo', 'se corta', 'se cayo la llamada'],
    operator_intercept: ['numero fuera de servicio'],
    not_dialed: ['nunca se marco', 'no se marco'],
  },
};
